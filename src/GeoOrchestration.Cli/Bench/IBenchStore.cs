using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// What a benchmark needs from a store that differs between stores: a store of its own that leaves
/// nothing behind (a PostgreSQL schema dropped afterwards, a SQLite file deleted afterwards), how
/// worker processes reach it, and the figures read back from the store's own times. Disposing it
/// removes the benchmark's store; the workers must have stopped first.
/// </summary>
internal interface IBenchStore : IAsyncDisposable
{
    /// <summary>The benchmark's own store, opened by this object and closed when it is disposed.</summary>
    /// <remarks>
    /// The one place a front end holds a store: the bench measures stores, so it makes a scratch one
    /// of its own (and reads its timings from it, below); jobs still go through a GeoClient over it.
    /// </remarks>
    IGeoStore Store { get; }

    /// <summary>Which store this is, for the log line that starts the benchmark.</summary>
    string Description { get; }

    /// <summary>The environment of a <c>geoorch worker</c> process working on <see cref="Store"/>.</summary>
    IReadOnlyDictionary<string, string> WorkerEnvironment { get; }

    /// <summary>Seconds from a stage's plan commit to its completing commit; null while it runs.</summary>
    Task<double?> StageSecondsAsync(string jobId, int stage, CancellationToken cancellationToken);

    /// <summary>Seconds from submission to the end of planning stage 1; null until planned.</summary>
    Task<double?> PlanSecondsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Per stage boundary, ms from the last completion of a stage to the first start in the next.</summary>
    Task<IReadOnlyList<double>> HandoffMillisecondsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Per retried task, ms from its retry falling due to its claim.</summary>
    Task<IReadOnlyList<double>> RetryDelayMillisecondsAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits so far, read so that the difference of two calls counts the commits between them
    /// (a call may wait for the store to publish its count); null when the store cannot count the
    /// commits of these workers.
    /// </summary>
    Task<long?> CommitsAsync(CancellationToken cancellationToken);
}
