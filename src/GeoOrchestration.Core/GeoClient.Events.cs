using System.Runtime.CompilerServices;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>How long a follower whose job ended waits for events of transactions still running to settle before it reads them as they are.</summary>
    private static readonly TimeSpan FollowSettleLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A job's audit events, oldest first, read page by page (<see cref="MaxListLimit"/> at a time) by
    /// a cursor; with <see cref="JobEventQuery.Follow"/>, then every new one as it is written, until
    /// the job ends: its last events are returned and the enumeration ends. A follower reads only
    /// settled events (<see cref="JobEventListParams.SettledOnly"/>), so it returns each event once, in
    /// the store's order, however many transactions write them side by side.
    /// </summary>
    /// <param name="query">The job, the kinds and stage, and whether to follow.</param>
    /// <param name="cancellationToken">Stops the read or the follow (between polls; nothing is left half done).</param>
    /// <returns>The events, oldest first.</returns>
    /// <exception cref="GeoValidationException">The stage is outside the job's, the poll interval outside 10 ms to 1 minute, or the id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    public async IAsyncEnumerable<JobEvent> EnumerateJobEventsAsync(JobEventQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query.PollInterval < TimeSpan.FromMilliseconds(10) || query.PollInterval > TimeSpan.FromMinutes(1))
            throw new GeoValidationException("poll_interval", "range", $"'poll_interval' must be between 10 ms and 1 minute; got {DurationText.Format(query.PollInterval)}.");
        var job = await GetJobAsync(query.JobId, cancellationToken);
        RequireStage(job, query.Stage);
        var read = new JobEventListParams(job.JobId, Stage: query.Stage) { Kinds = query.Kinds, Limit = MaxListLimit, SettledOnly = query.Follow };
        JobEventPosition? after = null;
        while (true)
        {
            await foreach (var e in PagesAsync(read with { After = after }, cancellationToken))
            {
                after = e.Position;
                yield return e;
            }
            if (!query.Follow) yield break;
            // The job's end is written with its last event, in one transaction: once the job reads
            // ended, one more read takes in everything up to it.
            var now = await _steps.JobGetAsync(job.JobId, cancellationToken);
            if (now is null || now.Status.IsTerminal()) break;
            await Task.Delay(query.PollInterval, Time, cancellationToken);
        }
        await foreach (var e in LastEventsAsync(read, after, query.PollInterval, cancellationToken)) yield return e;
    }

    /// <summary>Every event after the cursor, page by page.</summary>
    private async IAsyncEnumerable<JobEvent> PagesAsync(JobEventListParams read, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await Store.JobEventListAsync(read, cancellationToken);
            foreach (var e in page) yield return e;
            if (page.Count < MaxListLimit) yield break;
            read = read with { After = page[^1].Position };
        }
    }

    /// <summary>
    /// A follower's last read, once its job has ended: what every committed transaction wrote after
    /// the cursor. It waits (up to <see cref="FollowSettleLimit"/>) for those events to settle, so that
    /// they come in the store's order; a transaction left open elsewhere cannot hold it longer.
    /// </summary>
    private async IAsyncEnumerable<JobEvent> LastEventsAsync(JobEventListParams read, JobEventPosition? after, TimeSpan poll,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var committed = new List<JobEvent>();
        await foreach (var e in PagesAsync(read with { After = after, SettledOnly = false }, cancellationToken)) committed.Add(e);
        if (committed.Count == 0) yield break;
        var last = committed[^1].Position;
        var started = Time.GetTimestamp();
        while (after is null || after.Value.CompareTo(last) < 0)
        {
            var settled = new List<JobEvent>();
            await foreach (var e in PagesAsync(read with { After = after }, cancellationToken)) settled.Add(e);
            foreach (var e in settled)
            {
                after = e.Position;
                yield return e;
            }
            if (after is { } a && a.CompareTo(last) >= 0) yield break;
            if (Time.GetElapsedTime(started) >= FollowSettleLimit) break;
            await Task.Delay(poll, Time, cancellationToken);
        }
        foreach (var e in committed.Where(e => after is null || e.Position.CompareTo(after.Value) > 0)) yield return e;
    }
}
