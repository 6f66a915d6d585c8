using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.Store;

/// <summary>Shorthands for store reads by job id, and reads derived from others.</summary>
public static class GeoStoreReads
{
    public static Task<JobRecord?> JobGetAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        store.JobGetAsync(new JobGetParams(jobId), cancellationToken);

    public static Task<StageResults> StageResultsAsync(this IGeoStore store, string jobId, int stage, CancellationToken cancellationToken) =>
        store.StageResultsAsync(new StageRef(jobId, stage), cancellationToken);

    public static Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        store.TaskFailuresAsync(new JobRef(jobId), cancellationToken);

    public static Task<IReadOnlyList<int>> StageTaskCountsAsync(this IGeoStore store, string jobId, CancellationToken cancellationToken) =>
        store.StageTaskCountsAsync(new JobRef(jobId), cancellationToken);

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
