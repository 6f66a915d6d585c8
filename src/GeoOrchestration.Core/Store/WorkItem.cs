using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

public enum WorkKind
{
    PlanStage,
    RunTask,
    Finalize,
}

/// <summary>One leased piece of work: plan a stage, run a task, or finalize a job.</summary>
public sealed record WorkItem
{
    public required WorkKind Kind { get; init; }
    public required string JobId { get; init; }
    public required int Stage { get; init; }

    // Plan and finalize items carry the job; task items carry the task.
    public string? JobType { get; init; }
    public JsonObject? JobParameters { get; init; }
    public JobStatus? JobStatus { get; init; }
    public int TotalStages { get; init; }

    public string? TaskId { get; init; }
    public string? TaskType { get; init; }
    public JsonObject? TaskParameters { get; init; }
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    /// <summary>How long this attempt may run; null for no limit.</summary>
    public TimeSpan? TaskTimeout { get; init; }
}
