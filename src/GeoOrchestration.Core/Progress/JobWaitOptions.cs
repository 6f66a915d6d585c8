namespace GeoOrchestration.Progress;

/// <summary>How <see cref="GeoClient.WaitForJobsAsync"/> waits.</summary>
public sealed record JobWaitOptions
{
    /// <summary>No timeout, a no-worker notice after 10 seconds, polls at most 500 ms apart.</summary>
    public static JobWaitOptions Default { get; } = new();

    /// <summary>Give up on jobs still running after this long; null (the default) waits until all end.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Report <see cref="JobWaitNoWorker"/> once when the watched jobs have not moved for this long and
    /// no live registered worker can run them (a store without a worker registry: no worker has shown
    /// a sign of life for this long either). Default 10 seconds; null never reports.
    /// </summary>
    public TimeSpan? NoWorkerAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest pause between two polls of the store. Default 500 ms (the first polls come sooner).</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
