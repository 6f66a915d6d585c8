using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>A job as the store holds it.</summary>
public sealed record JobRecord
{
    /// <summary>The job's id: 64 lowercase hexadecimal characters.</summary>
    public required string JobId { get; init; }
    /// <summary>The job type's name.</summary>
    public required string JobType { get; init; }
    /// <summary>The validated parameters, defaults filled in, as the job id was computed from them.</summary>
    public required JsonObject Parameters { get; init; }
    /// <summary>Where the job stands.</summary>
    public required JobStatus Status { get; init; }
    /// <summary>The stage currently planned or running, 1-based.</summary>
    public required int Stage { get; init; }
    /// <summary>How many stages this job runs (its job type may run fewer for some parameters).</summary>
    public required int TotalStages { get; init; }
    /// <summary>The job's result once it completed (what its finalize returned); null before, and for a failed or cancelled job.</summary>
    public JsonNode? Result { get; init; }
    /// <summary>Why the job failed or was cancelled (or why its finalize fell back); null otherwise.</summary>
    public string? Error { get; init; }
    /// <summary>When the job was submitted, by the store's clock.</summary>
    public required DateTimeOffset Created { get; init; }
    /// <summary>When the job's row last changed, by the store's clock.</summary>
    public required DateTimeOffset Updated { get; init; }
    /// <summary>When the job ended, by the store's clock; null while it is live (and again after a retry).</summary>
    public DateTimeOffset? Completed { get; init; }
    /// <summary>When the job must have ended (its job timeout), or null for none.</summary>
    public DateTimeOffset? Deadline { get; init; }
    /// <summary>How long one task attempt may run, or null for no limit.</summary>
    public TimeSpan? TaskTimeout { get; init; }
    /// <summary>How long the job may take, as configured at submission (each retry runs it again from then), or null for no limit.</summary>
    public TimeSpan? JobTimeout { get; init; }
    /// <summary>
    /// The identity of the request this job is a run of: the id its job type, parameters and run key
    /// give (<see cref="Identity.JobIdentity.JobId"/>). Run 1's job id is the request id itself.
    /// </summary>
    public string RequestId { get => _requestId ?? JobId; init => _requestId = value; }
    private readonly string? _requestId;
    /// <summary>Which run of its request this job is, from 1; a forced resubmission starts the next (<see cref="SubmitOptions.Force"/>).</summary>
    public int Run { get; init; } = 1;
    /// <summary>
    /// The W3C trace id (32 lowercase hex characters) the job's spans share: the trace it was submitted in
    /// (<see cref="Diagnostics.JobTraceContext.Capture"/>). Null when the job has none (submitted before traces were
    /// stored) or its stored traceparent does not parse. Look the trace up in the tracing backend by this id.
    /// </summary>
    public string? TraceId { get; init; }
    /// <summary>
    /// When retention began removing the job (by the store's clock): its tasks and events are going in batches and the
    /// job row goes last. Null for every job retention has not begun to remove; such a job refuses a retry.
    /// </summary>
    public DateTimeOffset? RemovingAt { get; init; }
}
