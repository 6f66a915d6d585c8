using GeoOrchestration.Model;

namespace GeoOrchestration.Engine;

/// <summary>How a worker runs. Defaults suit a worker process on a small machine.</summary>
public sealed record WorkerOptions
{
    /// <summary>Work items run at once. Default 4; 1 to 1024.</summary>
    public int Concurrency { get; init; } = WorkerDefaults.Concurrency;

    /// <summary>How long a claimed item stays leased to this worker. Default 30 seconds.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(WorkerDefaults.LeaseSeconds);

    /// <summary>
    /// How long an idle worker waits for a notification before it polls anyway. Notifications make
    /// hand-off immediate, and a worker wakes by itself when the next retry falls due; this only
    /// bounds the delay if a notification is lost. Default 5 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(WorkerDefaults.PollIntervalSeconds);

    /// <summary>
    /// Stop after this long with nothing to do: no handler running, no result waiting for its
    /// commit, nothing claimable and no retry due within this time (by the store's clock), and,
    /// when <see cref="RunJanitor"/>, no work leased by another worker (a worker that died leaves
    /// its tasks leased until the leases expire and the janitor queues them again: this worker waits
    /// for them and runs them). Without janitor duty it exits all the same, logging one warning that
    /// names the leased work it leaves and when its leases expire. Null (the default) runs until cancelled.
    /// </summary>
    public TimeSpan? ExitWhenIdle { get; init; }

    /// <summary>First retry delay of a transient task failure; doubles per attempt, with full jitter. Default 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(WorkerDefaults.RetryBaseDelaySeconds);

    /// <summary>Cap of the retry delay. Default 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(WorkerDefaults.RetryMaxDelaySeconds);

    /// <summary>
    /// How long a stopping worker lets running handlers finish before it cancels them and hands
    /// their tasks back (without counting the attempt). Default 30 seconds.
    /// </summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(WorkerDefaults.ShutdownGraceSeconds);

    /// <summary>How often this worker offers to run the janitor (one worker at a time does). Default 5 seconds.</summary>
    public TimeSpan JanitorInterval { get; init; } = TimeSpan.FromSeconds(WorkerDefaults.JanitorIntervalSeconds);

    /// <summary>
    /// How often this worker (when it takes part in janitor duty) applies the store's retention policy: a
    /// prune pass in small batches, one pruner at a time (<see cref="EngineSteps.PruneAsync"/>). Default 1 minute.
    /// </summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromSeconds(WorkerDefaults.PruneIntervalSeconds);

    /// <summary>Whether this worker takes part in janitor duty. Default true.</summary>
    public bool RunJanitor { get; init; } = true;

    /// <summary>The longest <see cref="WorkerId"/> the stores keep (the registry's and the leases' columns).</summary>
    public const int MaxWorkerIdLength = 512;

    /// <summary>
    /// The lease owner recorded on claimed work, and the worker's key in the store's registry: one live process per id
    /// (a second one is refused as it starts). At most <see cref="MaxWorkerIdLength"/> characters. Default: host name, process id and a random suffix.
    /// </summary>
    public string WorkerId { get; init; } = NewWorkerId();

    /// <summary>
    /// A worker id of this process no other worker holds: host name, process id and a random suffix (6 hex digits).
    /// Options copied with <c>with</c> keep their id; give each further worker of the process one of these.
    /// </summary>
    public static string NewWorkerId() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Refuses options a worker cannot run with, naming each broken rule.</summary>
    /// <exception cref="Errors.GeoValidationException">An option is out of its range.</exception>
    public void Validate()
    {
        var errors = new List<Errors.ValidationError>();
        if (Concurrency is < WorkerDefaults.MinConcurrency or > WorkerDefaults.MaxConcurrency)
            errors.Add(new("concurrency", "range", $"'concurrency' must be between {WorkerDefaults.MinConcurrency} and {WorkerDefaults.MaxConcurrency}; got {Concurrency}."));
        if (Lease < TimeSpan.FromSeconds(WorkerDefaults.MinLeaseSeconds))
            errors.Add(new("lease", "minimum", $"'lease' must be at least {Invariant(WorkerDefaults.MinLeaseSeconds)} seconds; got {DurationText.Format(Lease)}."));
        if (PollInterval <= TimeSpan.Zero)
            errors.Add(new("poll_interval", "minimum", $"'poll_interval' must be more than 0 seconds; got {DurationText.Format(PollInterval)}."));
        if (ExitWhenIdle is { } idle && idle < TimeSpan.Zero)
            errors.Add(new("exit_when_idle", "minimum", $"'exit_when_idle' must not be negative; got {DurationText.Format(idle)}."));
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            errors.Add(new("retry_delay", "range", "'retry_base_delay' must be >= 0 and <= 'retry_max_delay'."));
        if (ShutdownGrace < TimeSpan.Zero)
            errors.Add(new("shutdown_grace", "minimum", $"'shutdown_grace' must not be negative; got {DurationText.Format(ShutdownGrace)}."));
        if (JanitorInterval < TimeSpan.FromSeconds(WorkerDefaults.MinJanitorIntervalSeconds))
            errors.Add(new("janitor_interval", "minimum", $"'janitor_interval' must be at least {Invariant(WorkerDefaults.MinJanitorIntervalSeconds)} seconds; got {DurationText.Format(JanitorInterval)}."));
        if (PruneInterval < TimeSpan.FromSeconds(WorkerDefaults.MinJanitorIntervalSeconds))
            errors.Add(new("prune_interval", "minimum", $"'prune_interval' must be at least {Invariant(WorkerDefaults.MinJanitorIntervalSeconds)} seconds; got {DurationText.Format(PruneInterval)}."));
        if (string.IsNullOrWhiteSpace(WorkerId))
            errors.Add(new("worker_id", "required", "'worker_id' must not be empty."));
        else if (WorkerId.Length > MaxWorkerIdLength)
            errors.Add(new("worker_id", "max_length", $"'worker_id' must be at most {MaxWorkerIdLength} characters; got {WorkerId.Length}."));
        else if (Store.StorableText.IndexOfUnstorable(WorkerId) is var at and >= 0)
            errors.Add(new("worker_id", Store.StorableText.Rule, $"'worker_id' holds {Store.StorableText.Describe(WorkerId[at])}, which cannot be stored as a lease owner."));
        if (errors.Count > 0) throw new Errors.GeoValidationException(errors);
    }

    // Seconds, as every front end takes them; TimeSpan's own form (00:00:00.0100000) reads as a clock time.
    private static string Invariant(double seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
