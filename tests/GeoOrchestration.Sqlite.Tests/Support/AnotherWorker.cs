using GeoOrchestration.Engine;
using System.Text.Json.Nodes;
using GeoOrchestration.Identity;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>The test playing a worker of its own, through the store, beside the workers under test.</summary>
internal static class AnotherWorker
{
    public const string WorkerId = "another-worker";

    /// <summary>
    /// Submits a one-task noop job, plans it and claims its task in the plan's transaction, so no
    /// worker under test ever sees that attempt. Call it before any worker under test runs.
    /// <paramref name="store"/> is the store <paramref name="client"/> was made on: the test's own,
    /// not read back out of the façade.
    /// </summary>
    public static async Task<(string JobId, string TaskId)> ClaimsOneTaskAsync(GeoClient client, IGeoStore store)
    {
        var submission = await client.SubmitAsync("noop", new JsonObject { ["tasks"] = 1, ["label"] = Guid.NewGuid().ToString("N") });
        var jobId = submission.Job.JobId;
        var claimed = await store.WorkClaimAsync(new WorkClaimParams(WorkerId, 10, TimeSpan.FromMinutes(5)), default);
        Assert.Contains(claimed, w => (w.JobId, w.Kind) == (jobId, WorkKind.PlanStage));
        var taskId = JobIdentity.TaskId(jobId, 1, "0");
        // As the noop job plans it: a task that neither waits nor fails.
        var plan = await new EngineSteps(store).StagePlanAsync(new StagePlanParams(jobId, 1, 1,
            [new PlannedTask(taskId, "0", "noop", new JsonObject { ["delay_ms"] = 0, ["fail_first_attempt"] = false }, 10)],
            new WorkClaimParams(WorkerId, 1, TimeSpan.FromMinutes(5))), default);
        Assert.Equal(taskId, Assert.Single(plan.Claimed).TaskId);
        return (jobId, taskId);
    }
}
