namespace GeoOrchestration.Jobs.Storage;

/// <summary>
/// How <see cref="BlobStorage"/> talks to the service: its retries, the block size of uploads and where credentials
/// come from. The defaults are the production ones; tests shorten the delays (the service's behaviour is the same).
/// </summary>
public sealed record BlobStorageOptions
{
    /// <summary>
    /// Retries of one request after its first try, by the SDK's pipeline, on 408, 429, 500, 502, 503, 504 and network
    /// errors. Default 5: with <see cref="RetryDelay"/> 1 s doubling up to <see cref="MaxRetryDelay"/> (with the SDK's
    /// jitter, and at least what a <c>Retry-After</c> asks), about 30 s of waiting before the request fails; the engine
    /// then retries the task as transient, with its own backoff.
    /// </summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry's delay; each next one doubles (exponential). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two tries. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one try may take before it counts as a network failure (and is retried). Default 100 s (the SDK's).</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The size of each block of <see cref="BlobTransfer.UploadCommittedAsync"/>, in bytes. Default 8 MiB: COGs of a few
    /// hundred MB take tens of blocks (at most 50,000 per blob, 4000 MiB each).
    /// </summary>
    public int BlockBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Where credentials and the <c>az://</c> account come from. Default this process's environment.</summary>
    public BlobEnvironment Environment { get; init; } = BlobEnvironment.Process;
}
