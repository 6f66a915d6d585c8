namespace GeoOrchestration.Engine;

/// <summary>
/// What a worker's own loops last did, kept for a health probe (<see cref="Worker.Vitals"/>): when its
/// claim loop and its maintenance last turned, and how its last store call went. Only the loops move
/// it, never a timer of its own, so a worker whose loops are stuck (a store call that hangs, a
/// deadlock) stops moving it while the process lives on. Times are the worker's clock, in UTC.
/// </summary>
internal sealed class WorkerPulse(TimeProvider time)
{
    // UTC ticks; 0 until the worker starts.
    private long _started;
    private long _claimLoopTurned;
    private long _maintenanceTurned;
    private volatile bool _claimLoopEnded;
    // The outcome of the last call to the store (or the transport), whichever loop made it; null until one was made.
    private volatile StoreCall? _lastStoreCall;

    private sealed record StoreCall(bool Succeeded, string? Error);

    /// <summary>The worker starts: every loop counts as having turned now.</summary>
    public void Start()
    {
        var now = Now();
        Volatile.Write(ref _started, now);
        Volatile.Write(ref _claimLoopTurned, now);
        Volatile.Write(ref _maintenanceTurned, now);
    }

    public void ClaimLoopTurned() => Volatile.Write(ref _claimLoopTurned, Now());

    /// <summary>The claim loop has ended (the worker stops): from now on only maintenance counts.</summary>
    public void ClaimLoopEnded() => _claimLoopEnded = true;

    /// <summary>Whether the claim loop has ended: the worker is stopping.</summary>
    public bool Stopping => _claimLoopEnded;

    public void MaintenanceTurned() => Volatile.Write(ref _maintenanceTurned, Now());

    public void StoreCallSucceeded()
    {
        // Most calls succeed: keep the one instance rather than allocate per call.
        if (_lastStoreCall is not { Succeeded: true }) _lastStoreCall = Succeeded;
    }

    public void StoreCallFailed(Exception e) => _lastStoreCall = new StoreCall(false, Logging.OneLineText.FirstLine(e.Message));

    private static readonly StoreCall Succeeded = new(true, null);

    /// <summary>
    /// The worker's heartbeat: the older of its claim loop's and its maintenance's last turn (either one
    /// stuck makes it age), only maintenance's once the claim loop ended; null before the worker started.
    /// </summary>
    public DateTimeOffset? Heartbeat
    {
        get
        {
            if (Volatile.Read(ref _started) == 0) return null;
            var maintenance = Volatile.Read(ref _maintenanceTurned);
            var ticks = _claimLoopEnded ? maintenance : Math.Min(maintenance, Volatile.Read(ref _claimLoopTurned));
            return new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public WorkerVitals Snapshot(WorkerOptions options, int running, long executed)
    {
        var started = Volatile.Read(ref _started);
        var call = _lastStoreCall;
        return new WorkerVitals(started == 0 ? null : new DateTimeOffset(started, TimeSpan.Zero), Heartbeat, _claimLoopEnded,
            running, executed, call?.Succeeded, call?.Error, TurnInterval(options));
    }

    /// <summary>
    /// The longest the heartbeat goes unmoved while all is well: the claim loop waits at most the poll interval
    /// between turns, maintenance at most its shortest loop's period (lease renewal, progress, janitor).
    /// A store call that hangs until its timeout adds to this; a probe's allowance must cover that too.
    /// </summary>
    internal static TimeSpan TurnInterval(WorkerOptions options)
    {
        var renewal = options.Lease / WorkerTuning.RenewalsPerLease;
        var maintenance = renewal > WorkerTuning.ProgressInterval ? WorkerTuning.ProgressInterval : renewal;
        if (options.RunJanitor && options.JanitorInterval < maintenance) maintenance = options.JanitorInterval;
        return options.PollInterval > maintenance ? options.PollInterval : maintenance;
    }

    private long Now() => time.GetUtcNow().UtcTicks;
}
