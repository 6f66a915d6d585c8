using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>Figures read back from the store after a benchmark run (all from database clocks).</summary>
public sealed class PostgresMetrics(PostgresStore store)
{
    public Task<double?> StageSecondsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        store.MetricScalarAsync<double?>("MetricsStageSpan", cancellationToken, ("job_id", jobId), ("stage", stage));

    public Task<double?> PlanSecondsAsync(string jobId, CancellationToken cancellationToken) =>
        store.MetricScalarAsync<double?>("MetricsPlanSpan", cancellationToken, ("job_id", jobId));

    public Task<IReadOnlyList<double>> HandoffMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        store.MetricColumnAsync("MetricsHandoffs", cancellationToken, ("job_id", jobId));

    /// <summary>For each retried task of a job, how long its due retry waited to be claimed, in ms.</summary>
    public Task<IReadOnlyList<double>> RetryDelayMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        store.MetricColumnAsync("MetricsRetryDelays", cancellationToken, ("job_id", jobId),
            ("task_id_from", Identity.JobIdentity.TaskIdsOf(jobId).From), ("task_id_to", Identity.JobIdentity.TaskIdsOf(jobId).To));

    /// <summary>Transactions committed in this database so far (all sessions).</summary>
    public async Task<long> CommitsAsync(CancellationToken cancellationToken) =>
        await store.MetricScalarAsync<long?>("MetricsCommits", cancellationToken) ?? 0;

    /// <summary>Drops the whole schema: for benchmark schemas only.</summary>
    public Task DropSchemaAsync(CancellationToken cancellationToken) =>
        store.MetricScalarAsync<object?>("MetricsDropSchema", cancellationToken);
}
