using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Xunit;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>The test playing a worker of its own, through the store, beside the workers under test.</summary>
internal static class AnotherWorker
{
    public const string WorkerId = "another-worker";

    /// <summary>
    /// Submits a one-task test_wide job, plans it and claims its task in the plan's transaction, so
    /// no worker under test ever sees that attempt. The claim that takes the plan item takes other
    /// claimable work of the schema too: the calling class should leave none behind.
    /// </summary>
    public static async Task<(string JobId, string TaskId)> ClaimsOneTaskAsync(SchemaFixture fixture)
    {
        var submission = await fixture.Client.SubmitAsync("test_wide", new JsonObject { ["tasks"] = 1 });
        var jobId = submission.Job.JobId;
        var claimed = await fixture.Store.WorkClaimAsync(new WorkClaimParams(WorkerId, 10, TimeSpan.FromMinutes(5)), default);
        Assert.Contains(claimed, w => (w.JobId, w.Kind) == (jobId, WorkKind.PlanStage));
        var taskId = $"{jobId[..16]}-s1-t0";
        var plan = await fixture.Store.StagePlanAsync(new StagePlanParams(jobId, 1, 2,
            [new PlannedTask(taskId, "t0", "test_echo", new JsonObject(), 3)],
            new WorkClaimParams(WorkerId, 1, TimeSpan.FromMinutes(5))), default);
        Assert.Equal(taskId, Assert.Single(plan.Claimed).TaskId);
        return (jobId, taskId);
    }
}
