using GeoOrchestration.Postgres;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Bench;

/// <summary>A benchmark on a PostgreSQL server: a schema of its own, <c>bench_PID</c> (<c>bench_PID_servicebus</c> for the Service Bus transport), dropped afterwards.</summary>
internal sealed class PostgresBenchStore : IBenchStore
{
    // Backends publish their commit counts when idle, at most once a second: a count read sooner
    // misses the last commits.
    private static readonly TimeSpan StatisticsDelay = TimeSpan.FromMilliseconds(1200);

    private readonly PostgresStore _store;
    private readonly PostgresMetrics _metrics;
    private readonly string _connection;

    /// <param name="connection">The server's connection string.</param>
    /// <param name="suffix">Appended to the schema's name, so two transports measured in one invocation each have a store of their own; empty for none.</param>
    public PostgresBenchStore(string connection, string suffix = "")
    {
        _connection = connection;
        _store = new PostgresStore(new PostgresStoreOptions { ConnectionString = connection, Schema = $"bench_{Environment.ProcessId}{suffix}" });
        _metrics = new PostgresMetrics(_store);
    }

    public IGeoStore Store => _store;

    public string Description => $"PostgreSQL schema {_store.Schema.Value}";

    public IReadOnlyDictionary<string, string> WorkerEnvironment => new Dictionary<string, string>
    {
        [Hosting.GeoConnection.ConnectionVariable] = _connection,
        [Hosting.GeoConnection.SchemaVariable] = _store.Schema.Value,
    };

    public Task<double?> StageSecondsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        _metrics.StageSecondsAsync(jobId, stage, cancellationToken);

    public Task<double?> PlanSecondsAsync(string jobId, CancellationToken cancellationToken) => _metrics.PlanSecondsAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<double>> HandoffMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        _metrics.HandoffMillisecondsAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<double>> RetryDelayMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        _metrics.RetryDelayMillisecondsAsync(jobId, cancellationToken);

    /// <summary>Transactions committed in the database (every session, every process), once the earlier ones are published.</summary>
    public async Task<long?> CommitsAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(StatisticsDelay, cancellationToken);
        return await _metrics.CommitsAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _metrics.DropSchemaAsync(CancellationToken.None);
        }
        finally
        {
            await _store.DisposeAsync();
        }
    }
}
