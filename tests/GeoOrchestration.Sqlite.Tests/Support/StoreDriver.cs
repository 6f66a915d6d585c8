using System.Text.Json.Nodes;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>
/// Plays a worker through the store's own methods, without handlers: plans a stage with the tasks
/// <see cref="StoreFolder.Tasks"/> gives, completes every task, finalizes. For store-level tests
/// that set up a state by hand and then need the job to go on to its end.
/// </summary>
internal static class StoreDriver
{
    public const string WorkerId = "driver";

    /// <summary>A submitted job with its stage 1 planned (its plan item taken), and the planned tasks.</summary>
    public static async Task<(string JobId, List<PlannedTask> Tasks)> PlannedAsync(IGeoStore store, int tasks, int totalStages = 2,
        TimeSpan? jobTimeout = null, int maxAttempts = 3)
    {
        var job = (await store.JobSubmitAsync(StoreFolder.Job(totalStages, jobTimeout: jobTimeout), default)).Job;
        var plan = await store.WorkClaimAsync(new WorkClaimParams("planner", 1, TimeSpan.FromMinutes(5)), default);
        Assert.Equal((WorkKind.PlanStage, job.JobId, 1), (plan[0].Kind, plan[0].JobId, plan[0].Stage));
        var planned = StoreFolder.Tasks(job.JobId, 1, tasks, maxAttempts).ToList();
        Assert.True((await store.StagePlanAsync(new StagePlanParams(job.JobId, 1, totalStages, planned), default)).Planned);
        return (job.JobId, planned);
    }

    /// <summary>Claims and carries out whatever the store hands out until the job is terminal.</summary>
    public static async Task<JobRecord> RunToEndAsync(IGeoStore store, string jobId)
    {
        for (var round = 0; round < 100; round++)
        {
            var job = (await store.JobGetAsync(jobId, default))!;
            if (job.Status.IsTerminal()) return job;
            var items = await store.WorkClaimAsync(new WorkClaimParams(WorkerId, 100, TimeSpan.FromMinutes(5)), default);
            Assert.NotEmpty(items); // a live job always has a next step
            foreach (var item in items)
            {
                switch (item.Kind)
                {
                    case WorkKind.PlanStage:
                        await store.StagePlanAsync(new StagePlanParams(item.JobId, item.Stage, item.TotalStages,
                            StoreFolder.Tasks(item.JobId, item.Stage, 2)), default);
                        break;
                    case WorkKind.RunTask:
                        await store.TaskCompleteAsync(new TaskCompleteParams(item.TaskId!, new JsonObject { ["by"] = WorkerId }), default);
                        break;
                    case WorkKind.Finalize:
                        await store.JobFinalizeAsync(new JobFinalizeParams(item.JobId, JobStatus.Completed, new JsonObject()), default);
                        break;
                }
            }
        }
        throw new InvalidOperationException($"Job {jobId} did not end in 100 rounds.");
    }

    /// <summary>How many events of a kind the job recorded for a stage, read through the store's own query.</summary>
    public static async Task<int> EventsAsync(IGeoStore store, string jobId, JobEventKind kind, int? stage = null) =>
        (await store.JobEventListAsync(new JobEventListParams(jobId, kind, stage), default)).Count;
}
