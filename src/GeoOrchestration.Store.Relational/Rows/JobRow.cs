using System.Text.Json.Nodes;
using GeoOrchestration.Diagnostics;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// A row of the job queries (JobGet, JobList, JobSubmit, JobLatestRun) as every store returns it: the SQL's column
/// aliases are these property names, times and spans arrive as <see cref="StoreRowReader"/> reads
/// them, JSON as text. <see cref="ToRecord"/> is the one mapping to <see cref="JobRecord"/>.
/// </summary>
public sealed class JobRow
{
    public string JobId { get; set; } = null!;
    public string JobType { get; set; } = null!;
    public string Parameters { get; set; } = null!;
    public string Status { get; set; } = null!;
    public int Stage { get; set; }
    public int TotalStages { get; set; }
    public string? Result { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? DeadlineAt { get; set; }
    public TimeSpan? TaskTimeout { get; set; }
    public TimeSpan? JobTimeout { get; set; }
    public string RequestId { get; set; } = null!;
    public int Run { get; set; }
    /// <summary>The stored W3C traceparent as text, unparsed; null for none. Only its trace id reaches the record.</summary>
    public string? Traceparent { get; set; }
    public DateTimeOffset? RemovingAt { get; set; }

    public JobRecord ToRecord() => new()
    {
        JobId = JobId,
        JobType = JobType,
        Parameters = JsonNode.Parse(Parameters)!.AsObject(),
        Status = StatusNames.ParseJob(Status),
        Stage = Stage,
        TotalStages = TotalStages,
        Result = StoreRowReader.Json(Result),
        Error = Error,
        Created = CreatedAt,
        Updated = UpdatedAt,
        Completed = CompletedAt,
        Deadline = DeadlineAt,
        TaskTimeout = TaskTimeout,
        JobTimeout = JobTimeout,
        RequestId = RequestId,
        Run = Run,
        TraceId = JobTraceContext.TraceId(Traceparent),
        RemovingAt = RemovingAt,
    };
}
