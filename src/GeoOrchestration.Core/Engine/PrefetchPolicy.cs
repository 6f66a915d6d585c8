namespace GeoOrchestration.Engine;

/// <summary>
/// Whether this worker fetches work ahead of its slots, and how much: only while its tasks are short
/// (<see cref="WorkerTuning.PrefetchBelowTaskMs"/>), judged by a moving average of how long they run.
/// </summary>
internal sealed class PrefetchPolicy(int concurrency)
{
    // Moving average of how long tasks run, in ms; NaN until the first task ends (no prefetch before).
    private double _averageTaskMs = double.NaN;

    /// <summary>How many claimed items may wait for a slot (see <see cref="WorkerTuning.PrefetchSlotsPerSlot"/>).</summary>
    public int Depth => _averageTaskMs < WorkerTuning.PrefetchBelowTaskMs ? WorkerTuning.PrefetchSlotsPerSlot * concurrency : 0;

    /// <summary>The most items this worker holds: its slots and the items waiting for one.</summary>
    public int Capacity => concurrency + Depth;

    /// <summary>
    /// How many slots must be free before the claim loop claims. While a backlog of short tasks lasts
    /// (prefetching), a share of the capacity (<see cref="WorkerTuning.BacklogClaimDivisor"/>): one round
    /// trip then fetches a real batch instead of one task per finished handler. Otherwise one: a long
    /// task's round trip costs nothing, and a worker waiting for many of its slots to free would leave
    /// a queued task unclaimed while its held neighbours run on.
    /// </summary>
    public int ClaimThreshold(bool backlog) =>
        backlog && Depth > 0 ? Math.Max(1, Capacity / WorkerTuning.BacklogClaimDivisor) : 1;

    /// <summary>Counts a finished task's run time (ms) into the average.</summary>
    public void Observe(double ms)
    {
        // Races between finishing handlers only blur an average that merely picks a mode.
        var average = _averageTaskMs;
        _averageTaskMs = double.IsNaN(average) ? ms : average * (1 - WorkerTuning.TaskLengthWeight) + ms * WorkerTuning.TaskLengthWeight;
    }
}
