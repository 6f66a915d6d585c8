using GeoOrchestration.Engine;
using GeoOrchestration.Progress;

namespace GeoOrchestration.Model;

/// <summary>How <see cref="GeoClient.RunAsync"/> runs a prepared submission: its in-process worker and its wait.</summary>
public sealed record RunOptions
{
    /// <summary>The in-process worker's options (its <see cref="WorkerOptions.ExitWhenIdle"/> is ignored: it runs until the job ends). Default: the engine's defaults.</summary>
    public WorkerOptions Worker { get; init; } = new();

    /// <summary>
    /// Stop waiting after this long: the result says so (<see cref="RunResult.TimedOut"/>), running
    /// handlers are stopped without the shutdown grace and their tasks handed back for another
    /// worker; the job stays in the store. Null (the default) waits until the job ends.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Deploy the schema before submitting (create the store, or bring it up to date). Default false.</summary>
    public bool Deploy { get; init; }

    /// <summary>Hears of the submission before the first progress is reported; called once, from the waiting thread.</summary>
    public Action<SubmitResult>? Submitted { get; init; }

    /// <summary>
    /// Hears the job's progress, its end, or the timeout, as <see cref="GeoClient.WaitForJobsAsync"/>
    /// reports them (never a "no worker" warning: the run is the worker); from the waiting thread, one call at a time.
    /// </summary>
    public Action<JobWaitEvent>? Report { get; init; }
}
