using GeoOrchestration.Store;
using GeoOrchestration.Transport;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// The worker's one claim loop: it claims exactly as many items as there are free slots (and,
/// for short tasks, prefetch room), hands them to <see cref="WorkDispatch"/>, and sleeps until a
/// finished item, a committed result or a transport wake-up wakes it, no longer than the next
/// retry needs to fall due (<see cref="IdleDueWait"/>); a slow poll covers a lost wake-up (and is
/// all the waiting when the transport cannot tell when the next retry falls due).
/// A store that cannot be reached costs a back-off, not the worker. With an idle limit it ends
/// once the worker has been idle that long.
/// </summary>
internal sealed class ClaimLoop(IWorkTransport transport, WorkerOptions options, TimeProvider time, ILogger logger,
    SlotReservations slots, WorkDispatch dispatch, PrefetchPolicy prefetch, WakeSignal wake, IdleLeases idleLeases,
    CompletionBatcher completions, WorkerPulse pulse)
{
    private readonly IdleDueWait _wait = new(time, options.PollInterval, options.ExitWhenIdle);

    /// <summary>Claims and waits until <paramref name="cancellationToken"/> fires or the idle limit is reached.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var backlog = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                pulse.ClaimLoopTurned();
                var free = slots.Free;
                var threshold = prefetch.ClaimThreshold(backlog);
                // Read before the claim: a result that commits after the claim may have created work
                // the claim could not see; its commit wakes this loop to claim again.
                var quiet = Quiet();
                if (free >= threshold)
                {
                    // Reserved until the items are held, so a plan claiming meanwhile takes none of these slots.
                    using var reserved = slots.Reserve();
                    free = reserved.Count;
                    WorkClaimOutcome items;
                    try
                    {
                        // A plan may have reserved the slots since they were counted: then nothing to ask for until it ends.
                        items = free == 0 ? new WorkClaimOutcome([], null)
                            : await transport.ClaimAsync(new WorkClaimParams(options.WorkerId, free, options.Lease), cancellationToken);
                        failures = 0;
                        if (free > 0) pulse.StoreCallSucceeded();
                    }
                    catch (Exception e) when (e is not (OperationCanceledException or Errors.GeoConfigurationException))
                    {
                        // The store is unreachable: back off and try again rather than die, so a
                        // database restart costs a pause, not a fleet of dead workers. A schema that
                        // vanished or changed version does not come back by waiting: that stops the worker.
                        failures++;
                        pulse.StoreCallFailed(e);
                        var delay = BackoffAfter(failures);
                        logger.LogWarning(e, "Claiming work failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                        await Task.Delay(delay, time, cancellationToken);
                        continue;
                    }
                    dispatch.Take(items);
                    backlog = free > 0 && items.Count == free;
                    if (items.Count > 0)
                    {
                        _wait.Busy();
                        continue;
                    }
                    _wait.NothingClaimable(items.NextDue);
                }
                else
                {
                    _wait.ForgetDueIfPassed();
                }
                if (quiet && Quiet() && !_wait.DueWithinIdleLimit && !await idleLeases.MayComeBackAsync(cancellationToken)) _wait.Idle();
                else _wait.NotIdle();
                if (_wait.IdleLimitReached)
                {
                    await idleLeases.SayWhatIsLeftAsync(cancellationToken);
                    break;
                }
                await wake.WaitAsync(_wait.NextWait(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Nothing running or waiting for a slot, and no result waiting for its commit.</summary>
    private bool Quiet() => dispatch.IsEmpty && completions.Pending == 0;

    /// <summary>The pause after <paramref name="failures"/> failed claims in a row (1 or more): doubling, bounded.</summary>
    internal static TimeSpan BackoffAfter(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(WorkerTuning.ClaimBackoffMax.TotalMilliseconds,
            WorkerTuning.ClaimBackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failures, WorkerTuning.ClaimBackoffMaxDoublings))));
}
