using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.Engine;

/// <summary>
/// Claims work from the store and runs up to <see cref="WorkerOptions.Concurrency"/> items at once.
/// One loop claims exactly as many items as there are free slots; finished items and store
/// notifications wake it, and a slow poll covers a lost notification.
/// </summary>
public sealed class Worker
{
    private readonly IGeoStore _store;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WorkExecutor _executor;
    private long _executed;

    public Worker(JobRegistry registry, IGeoStore store, WorkerOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        options.Validate();
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _executor = new WorkExecutor(registry, store, options, _time, _logger);
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>Work items this worker has carried out (plans, tasks, finalizes), whatever their outcome.</summary>
    public long Executed => Interlocked.Read(ref _executed);

    /// <summary>Runs until cancelled or, with <see cref="WorkerOptions.ExitWhenIdle"/>, until idle that long.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var wake = new WakeSignal();
        var running = new HashSet<Task>();
        await using var listener = await _store.WorkListenAsync(wake.Set, cancellationToken);
        var idleSince = _time.GetTimestamp();
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                running.RemoveWhere(t => t.IsCompleted);
                var free = _options.Concurrency - running.Count;
                if (free > 0)
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
                    foreach (var item in items)
                        running.Add(RunOneAsync(item, wake, cancellationToken));
                    if (items.Count > 0)
                    {
                        idleSince = _time.GetTimestamp();
                        continue;
                    }
                }
                if (running.Count == 0 && _options.ExitWhenIdle is { } idle && _time.GetElapsedTime(idleSince) >= idle)
                    break;
                var wait = running.Count == 0 && _options.ExitWhenIdle is { } limit
                    ? Min(_options.PollInterval, limit - _time.GetElapsedTime(idleSince))
                    : _options.PollInterval;
                await wake.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task RunOneAsync(WorkItem item, WakeSignal wake, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = item.JobId,
            ["Stage"] = item.Stage,
            ["TaskId"] = item.TaskId,
        });
        try
        {
            await _executor.ExecuteAsync(item, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The lease will expire and another worker (or this one) takes the item over.
            _logger.LogError(e, "Work item {Kind} for job {JobId} stage {Stage} failed; it returns when its lease expires",
                item.Kind, item.JobId, item.Stage);
        }
        finally
        {
            Interlocked.Increment(ref _executed);
            wake.Set();
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
