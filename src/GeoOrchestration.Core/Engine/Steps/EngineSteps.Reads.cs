using GeoOrchestration.Definitions;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;
using GeoOrchestration.Store;

namespace GeoOrchestration.Engine;

/// <summary>The reads the steps' callers make: shorthands for store reads by job id, and reads derived from others.</summary>
public sealed partial class EngineSteps
{
    /// <summary>One job by its whole id (<see cref="IGeoStore.JobGetAsync"/>).</summary>
    /// <param name="jobId">The job's id (64 characters).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The job; null when there is none.</returns>
    public Task<JobRecord?> JobGetAsync(string jobId, CancellationToken cancellationToken) =>
        _store.JobGetAsync(new JobGetParams(jobId), cancellationToken);

    /// <summary>The results of a completed stage (<see cref="IGeoStore.StageResultsAsync"/>).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="stage">The stage, from 1.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Its results in plan order, with its tolerated failures.</returns>
    public Task<StageResults> StageResultsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        _store.StageResultsAsync(new StageRef(jobId, stage), cancellationToken);

    /// <summary>
    /// The results of a completed stage as a stream: <see cref="StageResults.Count"/> and the failures
    /// read up front, the results read page by page (<see cref="IGeoStore.StageResultsPageAsync"/>) as
    /// they are enumerated, so no more than a page of them is held at once. What a fan-out stage's
    /// planner gets; the indexer reaches the first page only.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="stage">The stage, from 1.</param>
    /// <param name="cancellationToken">Stops this read and the page reads of every enumeration of the result.</param>
    /// <returns>Its results in plan order, read as they are enumerated, with its tolerated failures.</returns>
    /// <exception cref="Errors.ContractViolationException">The stage was never planned; an enumeration found a task of it not ended.</exception>
    public Task<StageResults> StageResultsStreamAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        StageResultPages.ReadAsync(_store, jobId, stage, cancellationToken);

    /// <summary>A job's tasks that failed for good (<see cref="IGeoStore.TaskFailuresAsync"/>).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The failures, in stage and plan order.</returns>
    public Task<IReadOnlyList<StageFailure>> TaskFailuresAsync(string jobId, CancellationToken cancellationToken) =>
        _store.TaskFailuresAsync(new JobRef(jobId), cancellationToken);

    /// <summary>How many tasks each planned stage of a job has (<see cref="IGeoStore.StageTaskCountsAsync"/>).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Index 0 is stage 1.</returns>
    public Task<IReadOnlyList<int>> StageTaskCountsAsync(string jobId, CancellationToken cancellationToken) =>
        _store.StageTaskCountsAsync(new JobRef(jobId), cancellationToken);

    /// <summary>
    /// Each planned stage's task count and how many of its tasks are not counted yet, in stage order,
    /// read from the stage counters (O(stages), whatever their size).
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>One entry per planned stage; empty before stage 1 is planned.</returns>
    public async Task<IReadOnlyList<StageProgress>> StageProgressAsync(string jobId, CancellationToken cancellationToken) =>
        (await _store.StageListAsync(new StageListParams(jobId), cancellationToken))
            .Select(s => new StageProgress(s.Stage, s.TaskCount, s.Remaining)).ToList();
}
