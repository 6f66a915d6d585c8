using GeoOrchestration.ServiceBus.Resilience;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace GeoOrchestration.ServiceBus.Relay;

/// <summary>
/// Sends what the store's outbox lists, then marks it dispatched. Signals (a commit that made work ready,
/// the circuit closing) are coalesced: one pass at a time, and a signal during a pass asks for one more
/// pass after it, never one per signal. The janitor's sweep is a pass with a grace (leave fresh work to
/// the worker whose commit made it) that also re-sends attempts stranded longer than the duplicate-detection
/// window. A pass that cannot reach Service Bus leaves the rows undispatched for a later pass: nothing is lost.
/// </summary>
internal sealed class OutboxRelay(IGeoStoreOutbox outbox, IReadOnlyDictionary<WorkQueue, AttemptSender> senders,
    ServiceBusResilience resilience, ServiceBusPlace place, TimeProvider time, ILogger logger)
{
    /// <summary>Attempts listed per round trip; a bigger backlog takes several.</summary>
    internal const int ListLimit = 500;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _onePass = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private bool _requested;
    private Task _pump = Task.CompletedTask;
    private bool _pumping;
    private int _failing;

    /// <summary>Asks for a pass of everything undispatched; returns at once (cheap, never throws).</summary>
    public void Signal()
    {
        lock (_gate)
        {
            _requested = true;
            if (_pumping || _stopping.IsCancellationRequested) return;
            _pumping = true;
            _pump = Task.Run(PumpAsync);
        }
    }

    /// <summary>
    /// The janitor's pass: attempts undispatched longer than <paramref name="grace"/>; then, for the queues that
    /// <paramref name="looksEmpty"/> says are empty, attempts sent longer than <paramref name="strandedAfter"/> ago
    /// and still unclaimed (their message was lost or dead-lettered: nothing is in line ahead of them).
    /// </summary>
    /// <returns>How many attempts were sent.</returns>
    public async Task<int> SweepAsync(TimeSpan grace, TimeSpan strandedAfter, Func<WorkQueue, bool> looksEmpty, CancellationToken cancellationToken)
    {
        if (resilience.IsOpen) return 0;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var sent = await PassAsync(new OutboxListParams(ListLimit, grace), _ => true, both.Token);
        if (looksEmpty(WorkQueue.Control) || looksEmpty(WorkQueue.Tasks))
            sent += await PassAsync(new OutboxListParams(ListLimit, NeverFresh, strandedAfter), looksEmpty, both.Token);
        return sent;
    }

    /// <summary>A readiness no undispatched attempt reaches: a listing of stranded attempts only.</summary>
    internal static readonly TimeSpan NeverFresh = TimeSpan.FromDays(3650);

    /// <summary>
    /// Stops taking signals and waits up to <paramref name="timeout"/> for the passes already asked for
    /// (a <c>submit</c> that exits must dispatch what it committed), then cancels what is left.
    /// </summary>
    public async Task FlushAndStopAsync(TimeSpan timeout)
    {
        Task pump;
        lock (_gate) pump = _pump;
        try
        {
            await pump.WaitAsync(timeout, time);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Sending ready work to Service Bus did not finish within {Timeout}; the janitor's sweep sends the rest", timeout);
        }
        lock (_gate) _stopping.Cancel();
        await pump.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_requested || _stopping.IsCancellationRequested)
                {
                    _pumping = false;
                    return;
                }
                _requested = false;
            }
            // While the circuit is open a pass would only list rows it cannot send; closing signals again.
            if (resilience.IsOpen) continue;
            await PassAsync(new OutboxListParams(ListLimit, TimeSpan.Zero), _ => true, _stopping.Token);
        }
    }

    /// <returns>How many attempts were sent; failures are logged, never thrown (the rows wait for the next pass).</returns>
    private async Task<int> PassAsync(OutboxListParams listing, Func<WorkQueue, bool> queues, CancellationToken cancellationToken)
    {
        await _onePass.WaitAsync(cancellationToken);
        var sentCount = 0;
        try
        {
            var seen = new HashSet<WorkAttempt>();
            while (true)
            {
                var entries = await outbox.OutboxListAsync(listing, cancellationToken);
                // A row listed again after it was sent and marked is not ours to chase in this pass
                // (a store that did not take the mark): stop rather than spin on it.
                var fresh = entries.Where(e => queues(WorkAttemptCodec.QueueOf(e.Attempt)) && seen.Add(e.Attempt)).ToList();
                foreach (var queue in fresh.GroupBy(e => WorkAttemptCodec.QueueOf(e.Attempt)).OrderBy(g => g.Key))
                    await senders[queue.Key].SendAsync(queue.ToList(), async attempts =>
                    {
                        sentCount += attempts.Count;
                        await outbox.OutboxMarkAsync(new OutboxMarkParams(attempts), cancellationToken);
                    }, cancellationToken);
                if (fresh.Count == 0 || entries.Count < listing.Limit) break;
            }
            if (Interlocked.Exchange(ref _failing, 0) == 1) logger.LogInformation("Service Bus takes ready work again ({Place})", place.Namespace);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (BrokenCircuitException)
        {
            // The breaker's opening was logged where the failures happened.
        }
        catch (Exception e)
        {
            var error = ServiceBusErrorMap.ToGeoException(e, place, null);
            // One warning per outage, not one per commit: the rows wait undispatched and the sweep retries.
            if (Interlocked.Exchange(ref _failing, 1) == 0)
                logger.LogWarning(error is null ? e : null, "Sending ready work to Service Bus failed; it waits undispatched in the database for the next pass: {Reason}", error?.Message ?? e.Message);
            else logger.LogDebug(e, "Sending ready work to Service Bus failed again");
        }
        finally
        {
            _onePass.Release();
        }
        return sentCount;
    }
}
