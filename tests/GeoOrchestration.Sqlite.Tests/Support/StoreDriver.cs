using GeoOrchestration.Engine;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>Sets up states through the store's own methods, without handlers, for store-level tests.</summary>
internal static class StoreDriver
{
    /// <summary>A submitted job with its stage 1 planned (its plan item taken), and the planned tasks.</summary>
    public static async Task<(string JobId, List<PlannedTask> Tasks)> PlannedAsync(IGeoStore store, int tasks, int totalStages = 2,
        TimeSpan? jobTimeout = null, int maxAttempts = 3)
    {
        var job = (await store.JobSubmitAsync(StoreFolder.Job(totalStages, jobTimeout: jobTimeout), default)).Job;
        var plan = await store.WorkClaimAsync(new WorkClaimParams("planner", 1, TimeSpan.FromMinutes(5)), default);
        Assert.Equal((WorkKind.PlanStage, job.JobId, 1), (plan[0].Kind, plan[0].JobId, plan[0].Stage));
        var planned = StoreFolder.Tasks(job.JobId, 1, tasks, maxAttempts).ToList();
        Assert.True((await new EngineSteps(store).StagePlanAsync(new StagePlanParams(job.JobId, 1, totalStages, planned), default)).Planned);
        return (job.JobId, planned);
    }
}
