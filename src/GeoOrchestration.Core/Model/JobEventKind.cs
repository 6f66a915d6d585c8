namespace GeoOrchestration.Model;

/// <summary>What a job's audit event records. Stored as the snake_case names of <see cref="JobEventKinds"/>.</summary>
public enum JobEventKind
{
    Submitted,
    StagePlanned,
    /// <summary>The stage's last task completed (or failed within the stage's tolerance) and its next step was written: once per stage, only while the job is live.</summary>
    StageCompleted,
    Finalized,
    Failed,
    Cancelled,
    Retried,
}
