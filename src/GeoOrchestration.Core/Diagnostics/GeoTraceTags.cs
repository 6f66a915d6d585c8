namespace GeoOrchestration.Diagnostics;

/// <summary>
/// The tags (attributes) of the engine's spans, named as OpenTelemetry names attributes: lowercase,
/// dot-separated, under the <c>geo.</c> prefix the engine's metrics use too; the error type is
/// OpenTelemetry's own <c>error.type</c>.
/// </summary>
public static class GeoTraceTags
{
    /// <summary>The job's whole id (64 hexadecimal characters). Every span.</summary>
    public const string JobId = "geo.job.id";
    /// <summary>The job type's name. Submit, plan and finalize spans.</summary>
    public const string JobType = "geo.job.type";
    /// <summary>The stage planned, or the task's stage (1-based). Plan and task spans.</summary>
    public const string Stage = "geo.stage";
    /// <summary>The task's id. Task spans.</summary>
    public const string TaskId = "geo.task.id";
    /// <summary>The task type's name. Task spans.</summary>
    public const string TaskType = "geo.task.type";
    /// <summary>Which attempt of the task (or of the plan/finalize item) this is, from 1.</summary>
    public const string Attempt = "geo.attempt";
    /// <summary>How the attempt ended: one of <see cref="TaskOutcomes"/>. Task spans.</summary>
    public const string Outcome = "geo.outcome";
    /// <summary>Whether the submission created the job (false: an equal job existed and was returned). Submit spans.</summary>
    public const string Created = "geo.job.created";
    /// <summary>How many tasks the stage was planned with. Plan spans.</summary>
    public const string TaskCount = "geo.task.count";
    /// <summary>The status the finalize ended the job with (completed, completed_with_errors). Finalize spans.</summary>
    public const string JobStatus = "geo.job.status";
    /// <summary>The worker's id. Plan, task and finalize spans.</summary>
    public const string Worker = "geo.worker";
    /// <summary>The full name of the exception that failed the attempt (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorType = "error.type";
}
