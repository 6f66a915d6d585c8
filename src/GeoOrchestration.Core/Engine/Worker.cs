using System.Collections.Concurrent;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.Engine;

/// <summary>
/// Claims work from the store and runs up to <see cref="WorkerOptions.Concurrency"/> items at once.
/// One loop claims exactly as many items as there are free slots; finished items, store
/// notifications and scheduled retries wake it, and a slow poll covers a lost notification.
/// Alongside it, <see cref="WorkerMaintenance"/> renews leases and takes janitor turns.
/// </summary>
public sealed class Worker
{
    private readonly IGeoStore _store;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkExecutor _executor;
    private readonly ConcurrentDictionary<RunningWork, byte> _running = new();
    private readonly WakeSignal _wake = new();
    private long _executed;
    private long _nextRetryTicks = long.MaxValue;
    private CompletionBatcher? _completions;
    private int _started;

    public Worker(JobRegistry registry, IGeoStore store, WorkerOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        options.Validate();
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _executor = new WorkExecutor(registry, store, options, _time, _logger, OnRetryScheduled,
            completion => _completions!.EnqueueAsync(completion));
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>Work items this worker has carried out (plans, tasks, finalizes), whatever their outcome.</summary>
    public long Executed => Interlocked.Read(ref _executed);

    internal IEnumerable<RunningWork> Running => _running.Keys;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires (then shuts down gracefully: no new
    /// claims, running handlers get <see cref="WorkerOptions.ShutdownGrace"/> to finish, the rest
    /// are handed back) or, with <see cref="WorkerOptions.ExitWhenIdle"/>, until idle that long.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) throw new InvalidOperationException("A worker runs once; create another to run again.");
        // A few results per slot may wait for their commit; more and new claims wait instead.
        await using var completions = _completions = new CompletionBatcher(_store, 4 * _options.Concurrency, _logger);
        await using var listener = await _store.WorkListenAsync(_wake.Set, cancellationToken);
        using var maintenanceStop = new CancellationTokenSource();
        var maintenance = new WorkerMaintenance(this, _store, _options, _time, _logger).RunAsync(maintenanceStop.Token);
        try
        {
            await ClaimLoopAsync(cancellationToken);
        }
        finally
        {
            await ShutDownAsync();
            await completions.DisposeAsync();
            await maintenanceStop.CancelAsync();
            await maintenance;
        }
    }

    private async Task ClaimLoopAsync(CancellationToken cancellationToken)
    {
        var idleSince = _time.GetTimestamp();
        var failures = 0;
        var backlog = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var free = _options.Concurrency - _running.Count;
                // While a backlog lasts, claim only once half the slots are free: one round trip then
                // fetches a real batch instead of one task per finished handler.
                var threshold = backlog ? Math.Max(1, _options.Concurrency / 2) : 1;
                if (free >= threshold)
                {
                    IReadOnlyList<WorkItem> items;
                    try
                    {
                        items = await _store.WorkClaimAsync(new WorkClaimParams(_options.WorkerId, free, _options.Lease), cancellationToken);
                        failures = 0;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The store is unreachable: back off and try again rather than die, so a
                        // database restart costs a pause, not a fleet of dead workers.
                        failures++;
                        var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 10))));
                        _logger.LogWarning(e, "Claiming work failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                        await Task.Delay(delay, _time, cancellationToken);
                        continue;
                    }
                    foreach (var item in items) Start(item);
                    backlog = items.Count == free;
                    if (items.Count > 0)
                    {
                        idleSince = _time.GetTimestamp();
                        continue;
                    }
                }
                if (_running.IsEmpty && _options.ExitWhenIdle is { } idle && _time.GetElapsedTime(idleSince) >= idle)
                    break;
                await _wake.WaitAsync(NextWait(idleSince), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private TimeSpan NextWait(long idleSince)
    {
        var wait = _options.PollInterval;
        if (_running.IsEmpty && _options.ExitWhenIdle is { } limit) wait = Min(wait, limit - _time.GetElapsedTime(idleSince));
        var retry = Interlocked.Read(ref _nextRetryTicks);
        if (retry != long.MaxValue)
        {
            var untilRetry = new DateTimeOffset(retry, TimeSpan.Zero) - _time.GetUtcNow();
            if (untilRetry <= TimeSpan.Zero) Interlocked.Exchange(ref _nextRetryTicks, long.MaxValue);
            wait = Min(wait, untilRetry);
        }
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private void Start(WorkItem item)
    {
        var work = new RunningWork(item);
        _running[work] = 0;
        work.Completion = RunOneAsync(work);
    }

    private async Task RunOneAsync(RunningWork work)
    {
        await Task.Yield();
        var item = work.Item;
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = item.JobId,
            ["Stage"] = item.Stage,
            ["TaskId"] = item.TaskId,
        });
        try
        {
            await _executor.ExecuteAsync(work);
        }
        catch (Exception e)
        {
            // The lease will expire and another worker (or this one) takes the item over.
            _logger.LogError(e, "Work item {Kind} for job {JobId} stage {Stage} failed; it returns when its lease expires",
                item.Kind, item.JobId, item.Stage);
        }
        finally
        {
            _running.TryRemove(work, out _);
            work.Dispose();
            Interlocked.Increment(ref _executed);
            _wake.Set();
        }
    }

    /// <summary>Lets running handlers finish within the grace period, then stops them and hands their tasks back.</summary>
    private async Task ShutDownAsync()
    {
        if (_running.IsEmpty) return;
        var all = Task.WhenAll(_running.Keys.Select(w => w.Completion));
        if (await Finished(all, _options.ShutdownGrace)) return;
        var unfinished = _running.Keys.ToList();
        _logger.LogWarning("Grace period over: stopping {Count} running item(s) and handing their tasks back", unfinished.Count);
        foreach (var work in unfinished) work.Stop(StopReason.Shutdown);
        // Handlers that ignore their token are left behind; their tasks are released all the same.
        await Finished(Task.WhenAll(unfinished.Select(w => w.Completion)), TimeSpan.FromSeconds(5));
        var taskIds = unfinished.Where(w => w.Item.Kind == WorkKind.RunTask).Select(w => w.Item.TaskId!).ToList();
        try
        {
            var released = await _store.TaskReleaseAsync(new TaskReleaseParams(_options.WorkerId, taskIds), CancellationToken.None);
            _logger.LogInformation("Released {Count} task(s)", released);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Releasing {Count} task(s) failed; they return when their leases expire", taskIds.Count);
        }
    }

    private async Task<bool> Finished(Task task, TimeSpan within)
    {
        var timeout = Task.Delay(within, _time);
        return await Task.WhenAny(task, timeout) == task;
    }

    private void OnRetryScheduled(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _nextRetryTicks);
            if (ticks >= current) return;
        } while (Interlocked.CompareExchange(ref _nextRetryTicks, ticks, current) != current);
        _wake.Set();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
