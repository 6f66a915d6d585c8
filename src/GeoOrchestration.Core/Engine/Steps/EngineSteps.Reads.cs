using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>The reads the steps' callers make: shorthands for store reads by job id, and reads derived from others.</summary>
public sealed partial class EngineSteps
{
    public Task<JobRecord?> JobGetAsync(string jobId, CancellationToken cancellationToken) =>
        _store.JobGetAsync(new JobGetParams(jobId), cancellationToken);

    public Task<StageResults> StageResultsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        _store.StageResultsAsync(new StageRef(jobId, stage), cancellationToken);

    public Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(string jobId, CancellationToken cancellationToken) =>
        _store.TaskFailuresAsync(new JobRef(jobId), cancellationToken);

    public Task<IReadOnlyList<int>> StageTaskCountsAsync(string jobId, CancellationToken cancellationToken) =>
        _store.StageTaskCountsAsync(new JobRef(jobId), cancellationToken);

    /// <summary>
    /// Each planned stage's task count and how many of its tasks are not counted yet, in stage order,
    /// read from the stage counters (O(stages), whatever their size).
    /// </summary>
    public async Task<IReadOnlyList<StageProgress>> StageProgressAsync(string jobId, CancellationToken cancellationToken) =>
        (await _store.StageListAsync(new StageListParams(jobId), cancellationToken))
            .Select(s => new StageProgress(s.Stage, s.TaskCount, s.Remaining)).ToList();
}
