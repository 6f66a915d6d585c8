using GeoOrchestration.Sqlite;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// A benchmark on the embedded store: a fresh database file of its own, <c>geoorch-bench-PID.db</c>
/// in the folder of the configured file (so on the same disk, whose fsync is what a commit costs
/// with <c>synchronous=FULL</c>), deleted afterwards with its WAL and shared-memory files. The
/// configured file itself is never opened.
/// </summary>
internal sealed class SqliteBenchStore : IBenchStore
{
    private static readonly string[] Companions = ["", "-wal", "-shm", "-journal"];

    private readonly SqliteStore _store;
    private readonly SqliteMetrics _metrics;
    private readonly bool _otherProcesses;

    /// <param name="configuredPath">The file the connection names; the benchmark's file goes beside it.</param>
    /// <param name="workerProcesses">The workers run as separate processes, whose commits this process cannot count.</param>
    public SqliteBenchStore(string configuredPath, bool workerProcesses)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(configuredPath))!;
        _store = new SqliteStore(new SqliteStoreOptions { Path = Path.Combine(folder, $"geoorch-bench-{Environment.ProcessId}.db") });
        _metrics = new SqliteMetrics(_store);
        _otherProcesses = workerProcesses;
        // A file left by an earlier benchmark with this process id (one killed before it could clean
        // up) would be measured with its old rows: start from nothing.
        DeleteFiles();
    }

    public IGeoStore Store => _store;

    public string Description => $"SQLite file {_store.Path}";

    public IReadOnlyDictionary<string, string> WorkerEnvironment => new Dictionary<string, string>
    {
        [Hosting.GeoConnection.ConnectionVariable] = $"sqlite:{_store.Path}",
    };

    public Task<double?> StageSecondsAsync(string jobId, int stage, CancellationToken cancellationToken) =>
        _metrics.StageSecondsAsync(jobId, stage, cancellationToken);

    public Task<double?> PlanSecondsAsync(string jobId, CancellationToken cancellationToken) => _metrics.PlanSecondsAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<double>> HandoffMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        _metrics.HandoffMillisecondsAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<double>> RetryDelayMillisecondsAsync(string jobId, CancellationToken cancellationToken) =>
        _metrics.RetryDelayMillisecondsAsync(jobId, cancellationToken);

    /// <summary>
    /// Write transactions of this process's store: every commit when the workers run in this process.
    /// SQLite counts commits nowhere that other processes could read, so with worker processes: null.
    /// </summary>
    public Task<long?> CommitsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_otherProcesses ? null : (long?)_metrics.WriteTransactions);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        DeleteFiles();
    }

    private void DeleteFiles()
    {
        // Only where no connection to the file is open in any process: before the store's first use,
        // and after the runner stopped its workers and the store closed its pool. Deleting a -wal
        // or -shm that a connection still holds loses its commits (see SqliteFileGuard).
        // File.Delete ignores a missing file but not a missing folder (the default one may not exist yet).
        if (!Directory.Exists(Path.GetDirectoryName(_store.Path))) return;
        foreach (var suffix in Companions) File.Delete(_store.Path + suffix);
    }
}
