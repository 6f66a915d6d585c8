using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.StoreConformance;

/// <summary>The store's part: the trace context is written with the job and every claim returns it.</summary>
public abstract partial class TraceTests
{
    [Fact]
    public async Task JobSubmit_WithTraceContext_EveryClaimOfItsWorkCarriesIt()
    {
        var context = new JobTraceContext($"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01", "geo=a,other=b");
        var prepared = Client.PrepareSubmission("test_wide", new JsonObject { ["tasks"] = 4 });
        var jobId = (await Store.JobSubmitAsync(prepared.Run(1) with { TraceParent = context.TraceParent, TraceState = context.TraceState }, default)).Job.JobId;

        var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("planner", 1, LongLease), default));
        Assert.Equal((WorkKind.PlanStage, context.TraceParent, context.TraceState), (plan.Kind, plan.TraceParent, plan.TraceState));
        // The planning worker's own claim, in the plan's transaction, and a later claim by another worker.
        var tasks = Enumerable.Range(0, 4).Select(i => new PlannedTask(TaskId(jobId, 1, $"t{i}"), $"t{i}", "test_echo", new JsonObject { ["index"] = i }, 3)).ToList();
        var planned = await Steps.StagePlanAsync(new StagePlanParams(jobId, 1, 2, tasks, new WorkClaimParams("planner", 2, LongLease)), default);
        var claimed = planned.Claimed.Concat(await Store.WorkClaimAsync(new WorkClaimParams("other", 10, LongLease), default)).ToList();

        Assert.Equal(4, claimed.Count);
        Assert.All(claimed, item => Assert.Equal((WorkKind.RunTask, context.TraceParent, context.TraceState), (item.Kind, item.TraceParent, item.TraceState)));
    }

    [Fact]
    public async Task JobSubmit_WithoutTraceContext_ClaimsCarryNone()
    {
        var prepared = Client.PrepareSubmission("test_wide", new JsonObject { ["tasks"] = 2 });
        await Store.JobSubmitAsync(prepared.Run(1), default);

        var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("planner", 1, LongLease), default));

        Assert.Equal((null, null), (plan.TraceParent, plan.TraceState));
    }

    [Fact]
    public async Task Submit_InsideACallersSpan_StoresThatTraceAndItsState()
    {
        using var recorder = new SpanRecorder();
        using (var caller = CallerSpan())
        {
            var jobId = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 })).Job.JobId;
            var plan = Assert.Single(await Store.WorkClaimAsync(new WorkClaimParams("planner", 1, LongLease), default));
            // The submit span (a child of the caller's) is what the job's work hangs under.
            var submit = Assert.Single(recorder.OfJob(jobId), s => s.OperationName == GeoTracing.SubmitSpan);
            Assert.Equal((caller.TraceId, caller.SpanId), (submit.TraceId, submit.ParentSpanId));
            Assert.Equal(JobTraceContext.Format(submit.Context), plan.TraceParent);
            Assert.Equal("geo=test", plan.TraceState);
        }
    }

    [Fact]
    public async Task Submit_WithNobodyTracing_StillGivesTheJobATraceOfItsOwn()
    {
        // No listener here, but others' may be (tests run side by side): the job's context is then
        // either a submit span's or a fresh root; either way a valid W3C traceparent no other job has.
        var first = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 })).Job.JobId;
        var second = (await Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 2 })).Job.JobId;

        var plans = await Store.WorkClaimAsync(new WorkClaimParams("planner", 2, LongLease), default);

        Assert.Equal(2, plans.Count);
        var parents = plans.Select(p => JobTraceContext.Parent(p.TraceParent, p.TraceState)).ToList();
        Assert.All(parents, p => Assert.NotNull(p));
        Assert.NotEqual(parents[0]!.Value.TraceId, parents[1]!.Value.TraceId);
        Assert.Equal(new[] { first, second }.Order(), plans.Select(p => p.JobId).Order());
    }
}
