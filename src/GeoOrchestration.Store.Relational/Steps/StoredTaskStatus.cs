using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// What a compare-and-set on a task reports, read from the status name its statement returns (the
/// task's status after it, or no row when the attempt did not hold the task). One reading for every
/// store, through <see cref="StatusNames"/>.
/// </summary>
public static class StoredTaskStatus
{
    /// <summary>Whether a returned status name is <c>queued</c>: the task went back to the queue.</summary>
    /// <exception cref="FormatException">The name is no task status.</exception>
    public static bool IsQueued(string statusName) => StatusNames.ParseTask(statusName) == TaskRecordStatus.Queued;

    /// <summary>A worker's cancel of the attempt it holds: cancelled, handed back (queued), or not its attempt (no row, null).</summary>
    /// <exception cref="FormatException">The name is no task status.</exception>
    public static TaskCancelStatus CancelOutcome(string? statusName) => statusName is null
        ? TaskCancelStatus.NotOwner
        : StatusNames.ParseTask(statusName) switch
        {
            TaskRecordStatus.Cancelled => TaskCancelStatus.Cancelled,
            TaskRecordStatus.Queued => TaskCancelStatus.Requeued,
            _ => TaskCancelStatus.NotOwner,
        };

    /// <summary>A retry's schedule: scheduled (queued for later), cancelled (its job ended), or not scheduled (no row, null).</summary>
    /// <exception cref="FormatException">The name is no task status.</exception>
    public static TaskRetryStatus RetryOutcome(string? statusName) => statusName is null
        ? TaskRetryStatus.NotScheduled
        : StatusNames.ParseTask(statusName) == TaskRecordStatus.Cancelled ? TaskRetryStatus.Cancelled : TaskRetryStatus.Scheduled;
}
