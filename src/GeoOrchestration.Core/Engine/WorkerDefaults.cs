namespace GeoOrchestration.Engine;

/// <summary>
/// A worker's defaults and limits, declared once: <see cref="WorkerOptions"/> starts from them, and
/// the front ends read them for their own option defaults, ranges and help (<c>geoorch worker</c> and
/// <c>run</c>, <c>Start-GeoWorker</c> and <c>Invoke-GeoJob</c>), so no front end states a number of
/// its own. Constants, so that parameter attributes (<c>[ValidateRange]</c>) can use them. Times are
/// in seconds, as every front end takes them.
/// </summary>
public static class WorkerDefaults
{
    /// <summary>Work items a worker runs at once unless told otherwise.</summary>
    public const int Concurrency = 4;

    /// <summary>Fewest work items a worker may run at once.</summary>
    public const int MinConcurrency = 1;

    /// <summary>Most work items a worker may run at once.</summary>
    public const int MaxConcurrency = 1024;

    /// <summary>Seconds a claimed item stays leased to its worker.</summary>
    public const double LeaseSeconds = 30;

    /// <summary>Shortest lease a worker takes, in seconds: a shorter one expires between heartbeats.</summary>
    public const double MinLeaseSeconds = 0.3;

    /// <summary>Seconds an idle worker waits for a notification before it polls anyway.</summary>
    public const double PollIntervalSeconds = 5;

    /// <summary>Seconds before the first retry of a transient task failure (doubling per attempt, with full jitter).</summary>
    public const double RetryBaseDelaySeconds = 1;

    /// <summary>Cap of the retry delay, in seconds (5 minutes).</summary>
    public const double RetryMaxDelaySeconds = 300;

    /// <summary>Seconds a stopping worker lets running handlers finish before it hands their tasks back.</summary>
    public const double ShutdownGraceSeconds = 30;

    /// <summary>Seconds between a worker's offers to run the janitor.</summary>
    public const double JanitorIntervalSeconds = 5;

    /// <summary>Shortest interval between janitor offers, in seconds.</summary>
    public const double MinJanitorIntervalSeconds = 0.1;

    /// <summary>Seconds between a worker's retention passes (<see cref="WorkerOptions.PruneInterval"/>); the minimum is <see cref="MinJanitorIntervalSeconds"/>.</summary>
    public const double PruneIntervalSeconds = 60;
}
