namespace GeoOrchestration.Store;

/// <summary>
/// One attempt of one work item, named as a message names it: what to do, for which job, stage and
/// task, and which turn of the item it is. A message transport carries exactly this; the database
/// decides whether it is still current when a worker claims it (<see cref="IGeoStoreOutbox.WorkClaimNamedAsync"/>).
/// </summary>
/// <param name="Kind">Plan a stage, run a task, or finalize the job.</param>
/// <param name="JobId">The job.</param>
/// <param name="Stage">The stage to plan, the task's stage, or for a finalize the job's last stage.</param>
/// <param name="TaskId">The task (<see cref="WorkKind.RunTask"/>); null for control work.</param>
/// <param name="Turn">
/// Which turn of the item this is, from 1. A task's turn rises each time the task becomes queued
/// (planned, retried, handed back, rescued from an expired lease, requeued by a job retry), so a
/// hand-back that does not count an attempt still gets a new turn. A control item's turn is the
/// claim attempt it would be (its attempts so far + 1), so an expired control lease gets a new turn.
/// Two messages for the same item and turn are the same message (its <c>MessageId</c>).
/// </param>
public sealed record WorkAttempt(WorkKind Kind, string JobId, int Stage, string? TaskId, int Turn);
