namespace GeoOrchestration.Sqlite;

/// <summary>
/// Figures read back from a SQLite store after a benchmark run, from the store's own times (whole
/// Unix milliseconds, written by the store's clock). The counterpart of PostgresMetrics.
/// </summary>
public sealed class SqliteMetrics(SqliteStore store)
{
    /// <summary>Seconds from the commit of a stage's plan to the commit that completed it; null while it runs.</summary>
    public Task<double?> StageSecondsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        store.MetricScalarAsync("MetricsStageSpan", cancellationToken, ("job_id", jobId), ("stage", stage));

    /// <summary>Seconds from submission to the end of planning stage 1; null until planned.</summary>
    public Task<double?> PlanSecondsAsync(string jobId, CancellationToken cancellationToken) =>
        store.MetricScalarAsync("MetricsPlanSpan", cancellationToken, ("job_id", jobId));

    /// <summary>Per stage boundary of a job, in ms: last task of a stage completed to first task of the next started.</summary>
    public Task<IReadOnlyList<double>> HandoffMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        store.MetricColumnAsync("MetricsHandoffs", cancellationToken, SqliteStore.JobTasks(jobId));

    /// <summary>For each retried task of a job, how long its due retry waited to be claimed, in ms.</summary>
    public Task<IReadOnlyList<double>> RetryDelayMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        store.MetricColumnAsync("MetricsRetryDelays", cancellationToken, SqliteStore.JobTasks(jobId));

    /// <summary>
    /// Write transactions committed through this store object so far. SQLite keeps no commit count
    /// across connections or processes, so commits of other processes on the same file are not in it.
    /// </summary>
    public long WriteTransactions => store.WriteTransactions;
}
