namespace GeoOrchestration.Model;

/// <summary>A planned stage of a job and its counter.</summary>
/// <param name="JobId">The job it belongs to.</param>
/// <param name="Stage">The stage number, from 1.</param>
/// <param name="TaskCount">Tasks planned for the stage (0 for a stage with nothing to do).</param>
/// <param name="Remaining">Tasks not yet counted: neither completed nor failed within the stage's tolerance; the stage is complete at 0.</param>
/// <param name="PlannedAt">When the stage was planned, by the store's clock.</param>
/// <param name="CompletedAt">When the counter reached 0; null while tasks remain.</param>
/// <param name="AdvancedAt">When the stage's next step (plan the next stage, or finalize) was written; null until then. Set once.</param>
/// <param name="Failed">Tasks that failed for good within the stage's tolerance, counted toward its completion (not in <paramref name="Remaining"/>).</param>
/// <param name="FailuresAllowed">How many failed tasks the stage tolerates, resolved against <paramref name="TaskCount"/> when it was planned (0: none).</param>
public sealed record StageRecord(string JobId, int Stage, int TaskCount, int Remaining, DateTimeOffset PlannedAt,
    DateTimeOffset? CompletedAt, DateTimeOffset? AdvancedAt, int Failed = 0, int FailuresAllowed = 0);
