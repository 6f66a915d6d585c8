using System.Diagnostics;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Outbox;

/// <summary>
/// A claim by message (the Service Bus transport's) carries the job's trace context as the polling
/// claims do (TraceTests in the conformance suite), so a task run from a message joins the job's trace.
/// </summary>
public sealed class WorkClaimNamedTraceTests : OutboxSchema
{
    [Fact]
    public async Task ClaimNamed_ControlAndTaskAttempts_CarryTheTraceContextTheJobWasSubmittedIn()
    {
        using var caller = new Activity("test.caller").SetIdFormat(ActivityIdFormat.W3C)
            .SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        caller.TraceStateString = "geo=named";
        caller.Start();
        await SubmitAsync();
        caller.Stop();
        var plan = (await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.PlanStage).Attempt;

        var control = Assert.Single(await ClaimNamedAsync(plan));
        await Steps.StagePlanAsync(new StagePlanParams(control.JobId, 1, control.TotalStages,
            [new PlannedTask(control.JobId[..16] + "-s1-t0", "t0", "test_echo", new() { ["index"] = 0 }, 3)]), default);
        var task = Assert.Single(await ClaimNamedAsync((await ListAsync()).Single(e => e.Attempt.Kind == WorkKind.RunTask).Attempt));

        Assert.All(new[] { control, task }, item =>
        {
            var parent = JobTraceContext.Parent(item.TraceParent, item.TraceState);
            Assert.Equal((caller.TraceId, "geo=named"), (parent!.Value.TraceId, item.TraceState));
        });
    }
}
