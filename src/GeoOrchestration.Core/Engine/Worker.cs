using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.Engine;

/// <summary>
/// Claims work through its transport (<see cref="IWorkTransport"/>; by default straight from the store)
/// and runs up to <see cref="WorkerOptions.Concurrency"/> items at once.
/// Its parts: <see cref="ClaimLoop"/> claims as many items as there are free slots and waits
/// (<see cref="IdleDueWait"/>) for the next finished item, committed result, transport wake-up or
/// due retry; <see cref="WorkDispatch"/> runs the items held, each through the executor of its
/// kind (<see cref="WorkExecutor"/>), <see cref="CompletionBatcher"/> commits their results,
/// <see cref="WorkerMaintenance"/> renews leases and takes janitor turns, and
/// <see cref="WorkerShutdown"/> hands back what is unfinished when it stops. Fixed tuning: <see cref="WorkerTuning"/>.
/// </summary>
public sealed class Worker
{
    private readonly IGeoStore _store;
    private readonly IWorkTransport _transport;
    private readonly EngineSteps _steps;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkExecutor _executor;
    private readonly WorkDispatch _dispatch;
    // Room for claims: what is neither held nor reserved by a claim in flight.
    private readonly SlotReservations _slots;
    private readonly PrefetchPolicy _prefetch;
    private readonly WakeSignal _wake;
    private readonly IdleLeases _idleLeases;
    private readonly WorkerPulse _pulse;
    private readonly WorkerRegistration _registration;
    private CompletionBatcher? _completions;
    private int _started;

    /// <param name="time">
    /// The worker's own timing (waits, polls, idle time, heartbeats, task timeouts); default the
    /// system clock. Its wall-clock time decides nothing: when work falls due is the store's clock.
    /// </param>
    /// <param name="random">Source of retry jitter; default <see cref="Random.Shared"/>. The worker serialises its calls.</param>
    /// <param name="transport">
    /// How work reaches the worker: its claims, wake-ups and janitor sweeps go through it. Default (null)
    /// a <see cref="DatabaseTransport"/> over <paramref name="store"/>. Not owned: the worker leaves it
    /// open, so several workers (and runs) may share one.
    /// </param>
    public Worker(JobRegistry registry, IGeoStore store, WorkerOptions options, TimeProvider? time = null, ILogger? logger = null,
        Random? random = null, IWorkTransport? transport = null)
    {
        options.Validate();
        _store = store;
        _transport = transport ?? new DatabaseTransport(store);
        _steps = new EngineSteps(store);
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _prefetch = new PrefetchPolicy(options.Concurrency);
        _wake = new WakeSignal(_time);
        _pulse = new WorkerPulse(_time);
        _dispatch = new WorkDispatch(options, _time, _logger, work => _executor!.ExecuteAsync(work), _prefetch, _wake.Set);
        _slots = new SlotReservations(() => _dispatch.Stopping ? 0 : _prefetch.Capacity, () => _dispatch.HeldCount);
        _idleLeases = new IdleLeases(store, options, _logger);
        _registration = new WorkerRegistration(registry, store, options, Transport, _time, _logger);
        _executor = new WorkExecutor(registry, _steps, options, _time, _logger, random ?? Random.Shared,
            completion => _completions!.EnqueueAsync(completion), new WorkerSlots(() => _slots.Reserve(), _dispatch.Take));
    }

    /// <summary>The lease owner this worker records on claimed work (<see cref="WorkerOptions.WorkerId"/>).</summary>
    public string WorkerId => _options.WorkerId;

    /// <summary>The options this worker runs with.</summary>
    public WorkerOptions Options => _options;

    /// <summary>
    /// How this worker learns of new work, for its start line: its transport's wake-ups
    /// (<see cref="IWorkTransport.Description"/>; by default the store's, <see cref="IGeoStoreWakeUps.WakeUpTransport"/>)
    /// and the fallback poll that covers a lost one; only the poll for the database transport of a store without wake-ups.
    /// </summary>
    public string Transport => _transport is DatabaseTransport && _store is not IGeoStoreWakeUps
        ? $"poll every {Model.DurationText.Format(_options.PollInterval)}"
        : $"{_transport.Description}, fallback poll every {Model.DurationText.Format(_options.PollInterval)}";

    /// <summary>Work items this worker has carried out (plans, tasks, finalizes), whatever their outcome.</summary>
    public long Executed => _dispatch.Executed;

    /// <summary>
    /// Raised once, on the running thread, when the worker has passed its schema check and registered (or, the registry
    /// unreachable, will register at its next heartbeat), before it claims anything: the point for a front end's start line.
    /// Not raised for a worker refused at its start (<see cref="WorkerRegistration.WorkerIdInUseId"/>) or stopped before it began.
    /// </summary>
    public event Action? Started;

    internal IEnumerable<RunningWork> Running => _dispatch.Held;

    internal WorkerPulse Pulse => _pulse;

    internal WorkerRegistration Registration => _registration;

    /// <summary>
    /// This worker's signs of life now, for a health probe: its heartbeat (moved only by its own claim loop
    /// and maintenance), what it holds and has carried out, and how its last store call went. Cheap; safe from any thread.
    /// </summary>
    public WorkerVitals Vitals => _pulse.Snapshot(_options, _dispatch.HeldCount, _dispatch.Executed);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires (then shuts down gracefully: no new
    /// claims, running handlers get <see cref="WorkerOptions.ShutdownGrace"/> to finish, the rest
    /// are handed back) or, with <see cref="WorkerOptions.ExitWhenIdle"/>, until idle that long.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken, CancellationToken.None);

    /// <inheritdoc cref="RunAsync(CancellationToken)"/>
    /// <param name="endGrace">
    /// Ends the shutdown grace at once when it fires: running handlers are stopped and their tasks
    /// handed back without waiting for them. For a caller that must return now, e.g. a wait that timed out.
    /// </param>
    public async Task RunAsync(CancellationToken cancellationToken, CancellationToken endGrace)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("A worker runs once; create another to run again.");
        // A few results per slot may wait for their commit; more and new claims wait instead.
        await using var completions = _completions = new CompletionBatcher(_steps, WorkerTuning.CompletionQueuePerSlot * _options.Concurrency,
            _options.WorkerId, _logger, _wake.Set, _pulse);
        IAsyncDisposable listener;
        try
        {
            // On a schema that is missing or of another version every claim would fail: say so once, now.
            await _store.SchemaCheckAsync(cancellationToken);
            // A transport without wake-ups (the database one of a store without them) leaves the worker to its fallback poll.
            listener = await _transport.ListenAsync(new WorkListenParams(_wake.Set), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // stopped before it began: nothing claimed, nothing to hand back
        }
        await using var listening = listener;
        // In the worker registry from here until it stops (deregistered below, last of all); a failure is logged and retried at the next heartbeat.
        await _registration.RegisterAsync(running: 0, stopping: false, cancellationToken);
        Started?.Invoke();
        _pulse.Start();
        using var maintenanceStop = new CancellationTokenSource();
        var maintenance = new WorkerMaintenance(this, _store, _steps, _transport, _options, _time, _logger, _pulse).RunAsync(maintenanceStop.Token);
        // Claims stop at once when another process took the worker's id over (its heartbeat found out).
        using var claiming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _registration.TakenOver);
        try
        {
            await new ClaimLoop(_transport, _options, _time, _logger, _slots, _dispatch, _prefetch, _wake, _idleLeases, completions, _pulse)
                .RunAsync(claiming.Token);
        }
        finally
        {
            _pulse.ClaimLoopEnded();
            // Shown as stopping at once, rather than at the next heartbeat, while the grace runs.
            if (_dispatch.HeldCount > 0 && _registration.Takeover is null) await _registration.StoppingAsync(_dispatch.HeldCount);
            var shutdown = new WorkerShutdown(_steps, _dispatch, _options, _time, _logger);
            // Taken over: what it holds is no longer its own to hand back (the leases may be the new holder's).
            await (_registration.Takeover is null ? shutdown.RunAsync(endGrace) : shutdown.AbandonAsync());
            await completions.DisposeAsync();
            await maintenanceStop.CancelAsync();
            await maintenance;
            await _registration.DeregisterAsync();
        }
        if (_registration.Takeover is { } takeover) throw takeover;
    }
}
