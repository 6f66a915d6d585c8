using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>What a work item asks a worker to do.</summary>
public enum WorkKind
{
    /// <summary>Plan stage <see cref="WorkItem.Stage"/> of the job (control work).</summary>
    PlanStage,
    /// <summary>Run one task (<see cref="WorkItem.TaskId"/>).</summary>
    RunTask,
    /// <summary>Summarise the job's results and end it (control work).</summary>
    Finalize,
}

/// <summary>One leased piece of work: plan a stage, run a task, or finalize a job.</summary>
public sealed record WorkItem
{
    /// <summary>What to do.</summary>
    public required WorkKind Kind { get; init; }
    /// <summary>The job it belongs to.</summary>
    public required string JobId { get; init; }
    /// <summary>The stage to plan, or the task's stage; for a finalize, the job's last stage.</summary>
    public required int Stage { get; init; }

    // Plan and finalize items carry the job; task items carry the task.
    /// <summary>The job type (plan and finalize items); null for a task.</summary>
    public string? JobType { get; init; }
    /// <summary>The job's validated parameters (plan and finalize items); null for a task.</summary>
    public JsonObject? JobParameters { get; init; }
    /// <summary>The job's status when claimed (plan and finalize items); null for a task.</summary>
    public JobStatus? JobStatus { get; init; }
    /// <summary>How many stages the job runs (plan and finalize items); 0 for a task.</summary>
    public int TotalStages { get; init; }

    /// <summary>The task (task items); null for control work.</summary>
    public string? TaskId { get; init; }
    /// <summary>The task type (task items); null for control work.</summary>
    public string? TaskType { get; init; }
    /// <summary>The task's parameters (task items); null for control work.</summary>
    public JsonObject? TaskParameters { get; init; }
    /// <summary>Which attempt this claim is, from 1; also the attempt a control item's claim is (its lease's compare-and-set key).</summary>
    public int Attempt { get; init; }
    /// <summary>Attempts allowed before the task (or plan item) fails for good.</summary>
    public int MaxAttempts { get; init; }
    /// <summary>How long this attempt may run; null for no limit.</summary>
    public TimeSpan? TaskTimeout { get; init; }

    /// <summary>
    /// The job's stored W3C traceparent (<see cref="Diagnostics.JobTraceContext"/>), the parent of the
    /// item's span; null when the job has none. Comes with the claim's join of the job row, at no extra read.
    /// </summary>
    public string? TraceParent { get; init; }
    /// <summary>The job's stored W3C tracestate; null when there is none.</summary>
    public string? TraceState { get; init; }
}
