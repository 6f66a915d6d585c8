using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.Engine;

/// <summary>
/// Claims work from the store and runs up to <see cref="WorkerOptions.Concurrency"/> items at once.
/// Its parts: <see cref="ClaimLoop"/> claims as many items as there are free slots and waits
/// (<see cref="IdleDueWait"/>) for the next finished item, committed result, store notification or
/// due retry; <see cref="WorkDispatch"/> runs the items held, each through the executor of its
/// kind (<see cref="WorkExecutor"/>), <see cref="CompletionBatcher"/> commits their results,
/// <see cref="WorkerMaintenance"/> renews leases and takes janitor turns, and
/// <see cref="WorkerShutdown"/> hands back what is unfinished when it stops. Fixed tuning: <see cref="WorkerTuning"/>.
/// </summary>
public sealed class Worker
{
    private readonly IGeoStore _store;
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
    private CompletionBatcher? _completions;
    private int _started;

    /// <param name="time">
    /// The worker's own timing (waits, polls, idle time, heartbeats, task timeouts); default the
    /// system clock. Its wall-clock time decides nothing: when work falls due is the store's clock.
    /// </param>
    /// <param name="random">Source of retry jitter; default <see cref="Random.Shared"/>. The worker serialises its calls.</param>
    public Worker(JobRegistry registry, IGeoStore store, WorkerOptions options, TimeProvider? time = null, ILogger? logger = null,
        Random? random = null)
    {
        options.Validate();
        _store = store;
        _steps = new EngineSteps(store);
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _prefetch = new PrefetchPolicy(options.Concurrency);
        _wake = new WakeSignal(_time);
        _dispatch = new WorkDispatch(options, _time, _logger, work => _executor!.ExecuteAsync(work), _prefetch, _wake.Set);
        _slots = new SlotReservations(() => _dispatch.Stopping ? 0 : _prefetch.Capacity, () => _dispatch.HeldCount);
        _idleLeases = new IdleLeases(store, options, _logger);
        _executor = new WorkExecutor(registry, store, _steps, options, _time, _logger, random ?? Random.Shared,
            completion => _completions!.EnqueueAsync(completion), new WorkerSlots(() => _slots.Reserve(), _dispatch.Take));
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>The options this worker runs with.</summary>
    public WorkerOptions Options => _options;

    /// <summary>
    /// How this worker learns of new work, for its start line: the store's wake-ups
    /// (<see cref="IGeoStoreWakeUps.WakeUpTransport"/>) and the fallback poll that covers a lost one.
    /// </summary>
    public string Transport => _store is IGeoStoreWakeUps wakeUps
        ? $"{wakeUps.WakeUpTransport}, fallback poll every {Model.DurationText.Format(_options.PollInterval)}"
        : $"poll every {Model.DurationText.Format(_options.PollInterval)}";

    /// <summary>Work items this worker has carried out (plans, tasks, finalizes), whatever their outcome.</summary>
    public long Executed => _dispatch.Executed;

    internal IEnumerable<RunningWork> Running => _dispatch.Held;

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
            _options.WorkerId, _logger, _wake.Set);
        IAsyncDisposable listener;
        try
        {
            // On a schema that is missing or of another version every claim would fail: say so once, now.
            await _store.SchemaCheckAsync(cancellationToken);
            // A store without wake-ups leaves the worker to its fallback poll.
            listener = _store is IGeoStoreWakeUps wakeUps ? await wakeUps.WorkListenAsync(new WorkListenParams(_wake.Set), cancellationToken) : NoListener.Instance;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // stopped before it began: nothing claimed, nothing to hand back
        }
        await using var listening = listener;
        using var maintenanceStop = new CancellationTokenSource();
        var maintenance = new WorkerMaintenance(this, _store, _steps, _options, _time, _logger).RunAsync(maintenanceStop.Token);
        try
        {
            await new ClaimLoop(_store, _options, _time, _logger, _slots, _dispatch, _prefetch, _wake, _idleLeases, completions)
                .RunAsync(cancellationToken);
        }
        finally
        {
            await new WorkerShutdown(_store, _dispatch, _options, _time, _logger).RunAsync(endGrace);
            await completions.DisposeAsync();
            await maintenanceStop.CancelAsync();
            await maintenance;
        }
    }
}

/// <summary>The listener of a store without wake-ups: nothing to stop.</summary>
file sealed class NoListener : IAsyncDisposable
{
    public static readonly NoListener Instance = new();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
