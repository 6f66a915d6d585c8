using System.Runtime.CompilerServices;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    /// <summary>
    /// A job's audit events, oldest first, read page by page (<see cref="MaxListLimit"/> at a time) by
    /// a cursor; with <see cref="JobEventQuery.Follow"/>, then every new one as it commits, until the job
    /// ends: the events up to its end are returned and the enumeration ends. A follower reads with
    /// <see cref="IGeoStore.JobEventFollowAsync"/>: each event once, within a poll of its commit, however
    /// many transactions write them side by side and whatever else runs in the database; an event whose
    /// transaction commits after a newer one was returned comes then, after it.
    /// </summary>
    /// <param name="query">The job, the kinds and stage, and whether to follow.</param>
    /// <param name="cancellationToken">Stops the read or the follow (between polls; nothing is left half done).</param>
    /// <returns>The events, oldest first (a follower: in the order they commit).</returns>
    /// <exception cref="GeoValidationException">The stage is outside the job's, the poll interval outside 10 ms to 1 minute, or the id is malformed or ambiguous.</exception>
    /// <exception cref="GeoNotFoundException">No such job.</exception>
    public async IAsyncEnumerable<JobEvent> EnumerateJobEventsAsync(JobEventQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (query.PollInterval < TimeSpan.FromMilliseconds(10) || query.PollInterval > TimeSpan.FromMinutes(1))
            throw new GeoValidationException("poll_interval", "range", $"'poll_interval' must be between 10 ms and 1 minute; got {DurationText.Format(query.PollInterval)}.");
        var job = await GetJobAsync(query.JobId, cancellationToken);
        RequireStage(job, query.Stage);
        var read = new JobEventListParams(job.JobId, Stage: query.Stage) { Kinds = query.Kinds, Limit = MaxListLimit };
        if (!query.Follow)
        {
            await foreach (var e in PagesAsync(read, cancellationToken)) yield return e;
            yield break;
        }
        JobEventCursor? cursor = null;
        var ended = false;
        while (true)
        {
            JobEventBatch batch;
            do
            {
                batch = await Store.JobEventFollowAsync(read, cursor, cancellationToken);
                cursor = batch.Next;
                foreach (var e in batch.Events) yield return e;
            }
            while (batch.More);
            if (ended) yield break;
            // The job's end is written with its last event, in one transaction: once the job reads
            // ended, one more read (a later snapshot) takes in everything up to it.
            var now = await _steps.JobGetAsync(job.JobId, cancellationToken);
            ended = now is null || now.Status.IsTerminal();
            if (!ended) await Task.Delay(query.PollInterval, Time, cancellationToken);
        }
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
}
