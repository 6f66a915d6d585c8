using System.Text.Json.Nodes;

namespace GeoOrchestration.Model;

/// <summary>A job as the store holds it.</summary>
public sealed record JobRecord
{
    public required string JobId { get; init; }
    public required string JobType { get; init; }
    public required JsonObject Parameters { get; init; }
    public required JobStatus Status { get; init; }
    /// <summary>The stage currently planned or running, 1-based.</summary>
    public required int Stage { get; init; }
    public required int TotalStages { get; init; }
    public JsonNode? Result { get; init; }
    public string? Error { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset Updated { get; init; }
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
}
