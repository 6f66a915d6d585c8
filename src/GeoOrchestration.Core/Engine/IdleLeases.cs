using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Engine;

/// <summary>
/// What an idle worker makes of work other workers hold leases on. A holder that died (killed, its
/// machine gone) leaves its tasks leased until the lease expires and a janitor queues them again:
/// until then they are work that may come back, so a worker with an idle limit that runs the
/// janitor waits for them and runs them, instead of exiting and leaving the job processing with
/// nobody to finish it. A worker without janitor duty cannot take them back: it exits when idle,
/// saying in one line what it leaves and when that becomes claimable.
/// </summary>
internal sealed class IdleLeases(IGeoStore store, WorkerOptions options, ILogger logger)
{
    /// <summary>Whether work leased by other workers keeps this worker from counting as idle.</summary>
    public async Task<bool> MayComeBackAsync(CancellationToken cancellationToken)
    {
        // Only a worker that exits when idle asks, and only one that can take the work back waits for it.
        if (options.ExitWhenIdle is null || !options.RunJanitor) return false;
        try
        {
            return (await store.LeasesElsewhereAsync(new LeasesElsewhereParams(options.WorkerId), cancellationToken)).Any;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not knowing is not idleness: the next round asks again (the claim reports the store's trouble).
            logger.LogDebug(e, "Reading the leases of other workers failed; not idle yet");
            return true;
        }
    }

    /// <summary>Before an idle exit without janitor duty: one line naming the leased work it leaves behind.</summary>
    public async Task SayWhatIsLeftAsync(CancellationToken cancellationToken)
    {
        if (options.RunJanitor) return;
        LeasesElsewhere held;
        try
        {
            held = await store.LeasesElsewhereAsync(new LeasesElsewhereParams(options.WorkerId), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug(e, "Reading the leases of other workers failed");
            return;
        }
        if (!held.Any) return;
        logger.LogWarning("{Message}", Describe(held));
    }

    /// <summary>The one line: what is left, whose it is, and when it becomes claimable.</summary>
    internal static string Describe(LeasesElsewhere held)
    {
        var items = held.ControlItems == 0 ? $"{held.Tasks} task(s)"
            : held.Tasks == 0 ? $"{held.ControlItems} plan/finalize step(s)"
            : $"{held.Tasks} task(s) and {held.ControlItems} plan/finalize step(s)";
        var jobs = held.Jobs == 1 ? $"of job {Identity.JobIdentity.ShortJobId(held.JobId ?? "")}" : $"of {held.Jobs} jobs (one is {Identity.JobIdentity.ShortJobId(held.JobId ?? "")})";
        var when = held.LastExpiresIn is { } left && left > TimeSpan.Zero
            ? $"their leases expire within {DurationText.Format(RoundUp(left))}; then a worker running the janitor takes them back and runs them"
            : "their leases have expired; a worker running the janitor takes them back and runs them";
        return $"Exiting idle without janitor duty, leaving {items} {jobs} leased by other workers: {when}.";
    }

    private static TimeSpan RoundUp(TimeSpan span) => TimeSpan.FromSeconds(Math.Ceiling(span.TotalSeconds));
}
