using System.Collections.Specialized;
using GeoOrchestration.Model;
using GeoOrchestration.Progress;

namespace GeoOrchestration.PowerShell;

/// <summary>A job as the cmdlets output it. Times are local; durations are <see cref="TimeSpan"/>s.</summary>
public sealed class GeoJob
{
    /// <summary>The full job id: 64 hexadecimal characters.</summary>
    public string JobId { get; init; } = "";

    /// <summary>The first 16 characters of <see cref="JobId"/>; any unique prefix of 8 or more is accepted wherever a job id is typed.</summary>
    public string ShortId => JobId.Length > 16 ? JobId[..16] : JobId;

    public string JobType { get; init; } = "";

    /// <summary><c>queued</c>, <c>processing</c>, <c>completed</c>, <c>completed_with_errors</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>The stage planned or running, 1-based.</summary>
    public int Stage { get; init; }

    public int TotalStages { get; init; }

    /// <summary>Tasks of the current stage done (completed, or failed within its tolerance), when the stage is planned and its progress was read.</summary>
    public int? TasksDone { get; init; }

    /// <summary>Tasks of the current stage, when the stage is planned and its progress was read.</summary>
    public int? TasksTotal { get; init; }

    /// <summary>
    /// Overall completion in percent, one decimal, when progress was read: 100 for a completed job,
    /// else finished stages whole and the current one by its tasks done and its running tasks'
    /// reported progress (see README, "Progress").
    /// </summary>
    public double? PercentComplete { get; init; }

    /// <summary>True when this submission created the job, false when it already existed; null when the job was not submitted by this command.</summary>
    public bool? IsNew { get; init; }

    /// <summary>
    /// The request this job is a run of: the id its job type, parameters and run key give. Run 1's
    /// <see cref="JobId"/> is the request id; <c>Get-GeoJob -RequestId</c> lists a request's runs.
    /// </summary>
    public string RequestId { get; init; } = "";

    /// <summary>Which run of its request this job is, from 1; <c>Submit-GeoJob -Force</c> and <c>Invoke-GeoJob -Force</c> start the next.</summary>
    public int Run { get; init; } = 1;

    public OrderedDictionary Parameters { get; init; } = new();
    public object? Result { get; init; }
    public string? Error { get; init; }
    public DateTime Created { get; init; }
    public DateTime Updated { get; init; }
    public DateTime? Completed { get; init; }

    /// <summary>When the job must have ended (its job timeout), or null.</summary>
    public DateTime? Deadline { get; init; }

    public TimeSpan? TaskTimeout { get; init; }
    public TimeSpan? JobTimeout { get; init; }

    /// <summary>
    /// The W3C trace id (32 hexadecimal characters) all the job's spans share, in every worker: look the job up by it
    /// in the tracing backend. A job submitted inside a span (an <c>Activity</c> current in pwsh) takes that span's trace.
    /// Null when none was stored (a job submitted before traces were kept).
    /// </summary>
    public string? TraceId { get; init; }

    /// <summary>When retention began removing the job (local time); it reads as it ended until its last batch takes it. Null otherwise.</summary>
    public DateTime? RemovingAt { get; init; }

    /// <summary>
    /// Under the Service Bus transport (<c>Get-GeoJob</c>): the job's attempts that are ready but were not
    /// sent to Service Bus yet. It stays above 0 and <see cref="UndispatchedFor"/> grows while Service Bus is
    /// unreachable (workers then claim from the database meanwhile). Null under the database transport.
    /// </summary>
    public long? Undispatched { get; internal set; }

    /// <summary>How long the oldest undispatched attempt has waited, by the store's clock; null when none waits or under the database transport.</summary>
    public TimeSpan? UndispatchedFor { get; internal set; }

    /// <summary>How long ago the job was submitted.</summary>
    public TimeSpan Age => DateTime.Now - Created;

    /// <summary>Whether the job has ended (completed, completed with errors, failed or cancelled).</summary>
    public bool IsTerminal => Status is "completed" or "completed_with_errors" or "failed" or "cancelled";

    public override string ToString() => JobId;

    /// <summary>A job without its progress (<see cref="TasksDone"/>, <see cref="TasksTotal"/> and <see cref="PercentComplete"/> null).</summary>
    internal static GeoJob From(JobRecord job, bool? isNew = null) => From(job, isNew, null);

    /// <summary>A job with its progress, as Core defines it (<see cref="JobProgress"/>): the same figures in every view.</summary>
    internal static GeoJob From(JobProgress progress, bool? isNew = null) => From(progress.Job, isNew, progress);

    private static GeoJob From(JobRecord job, bool? isNew, JobProgress? progress) => new()
    {
        JobId = job.JobId,
        JobType = job.JobType,
        Status = StatusNames.ToName(job.Status),
        Stage = job.Stage,
        TotalStages = job.TotalStages,
        TasksDone = progress?.TasksDone,
        TasksTotal = progress?.TasksTotal,
        PercentComplete = progress?.Percent,
        IsNew = isNew,
        RequestId = job.RequestId,
        Run = job.Run,
        Parameters = JsonValues.ToDictionary(job.Parameters),
        Result = JsonValues.ToValue(job.Result),
        Error = job.Error,
        Created = LocalTime.Of(job.Created),
        Updated = LocalTime.Of(job.Updated),
        Completed = LocalTime.Of(job.Completed),
        Deadline = LocalTime.Of(job.Deadline),
        TaskTimeout = job.TaskTimeout,
        JobTimeout = job.JobTimeout,
        TraceId = job.TraceId,
        RemovingAt = LocalTime.Of(job.RemovingAt),
    };
}
