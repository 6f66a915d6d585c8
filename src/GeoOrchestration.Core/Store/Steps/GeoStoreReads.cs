using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.Store;

/// <summary>Shorthands for store reads by job id, and reads derived from others.</summary>
public static class GeoStoreReads
{
    /// <summary>One job by its whole id (<see cref="IGeoStore.JobGetAsync"/>).</summary>
    /// <returns>The job; null when there is none.</returns>
    public static Task<JobRecord?> JobGetAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        store.JobGetAsync(new JobGetParams(jobId), cancellationToken);

    /// <summary>The results of a completed stage (<see cref="IGeoStore.StageResultsAsync"/>).</summary>
    /// <returns>Its results in plan order, with its tolerated failures.</returns>
    public static Task<StageResults> StageResultsAsync(this IGeoStore store, string jobId, int stage, CancellationToken cancellationToken) =>
        store.StageResultsAsync(new StageRef(jobId, stage), cancellationToken);

    /// <summary>A job's tasks that failed for good (<see cref="IGeoStore.TaskFailuresAsync"/>).</summary>
    /// <returns>The failures, in stage and plan order.</returns>
    public static Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        store.TaskFailuresAsync(new JobRef(jobId), cancellationToken);

    /// <summary>How many tasks each planned stage of a job has (<see cref="IGeoStore.StageTaskCountsAsync"/>).</summary>
    /// <returns>Index 0 is stage 1.</returns>
    public static Task<IReadOnlyList<int>> StageTaskCountsAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        store.StageTaskCountsAsync(new JobRef(jobId), cancellationToken);

    /// <summary>Deploys (or, with <paramref name="dryRun"/>, reports) the schema (<see cref="IGeoStore.SchemaDeployAsync"/>).</summary>
    /// <returns>Each migration and whether it is applied.</returns>
    public static Task<SchemaDeployResult> SchemaDeployAsync(this IGeoStore store, bool dryRun, CancellationToken cancellationToken) =>
        store.SchemaDeployAsync(new SchemaDeployParams(dryRun), cancellationToken);

    /// <summary>
    /// Each planned stage's task count and how many of its tasks are not counted yet, in stage order,
    /// read from the stage counters (O(stages), whatever their size).
    /// </summary>
    public static async Task<IReadOnlyList<StageProgress>> StageProgressAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        (await store.StageListAsync(new StageListParams(jobId), cancellationToken))
            .Select(s => new StageProgress(s.Stage, s.TaskCount, s.Remaining)).ToList();
}
