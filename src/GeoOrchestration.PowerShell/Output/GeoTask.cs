using System.Collections.Specialized;
using GeoOrchestration.Model;

namespace GeoOrchestration.PowerShell;

/// <summary>A task as <c>Get-GeoTask</c> outputs it.</summary>
public sealed class GeoTask
{
    public string TaskId { get; init; } = "";
    public string JobId { get; init; } = "";
    public int Stage { get; init; }
    public string TaskKey { get; init; } = "";
    public string TaskType { get; init; } = "";

    /// <summary><c>pending</c>, <c>queued</c>, <c>processing</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public string Status { get; init; } = "";

    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }

    /// <summary>Progress the handler last reported, 0..100.</summary>
    public double? Progress { get; init; }

    public string? ProgressMessage { get; init; }
    public string? ErrorType { get; init; }
    public string? ErrorMessage { get; init; }
    public OrderedDictionary Parameters { get; init; } = new();
    public object? Result { get; init; }
    public string? LeaseOwner { get; init; }

    /// <summary>The worker running the task now (its lease owner; a <c>Get-GeoWorker</c> id); null when none runs it.</summary>
    public string? Worker => LeaseOwner;

    /// <summary>The host of <see cref="Worker"/>, from the worker registry; null when none runs it or that worker is not registered.</summary>
    public string? WorkerHost { get; init; }
    public DateTime Created { get; init; }
    public DateTime? Started { get; init; }
    public DateTime? Completed { get; init; }

    /// <summary>For a task waiting to be retried: when its next attempt may start.</summary>
    public DateTime? NextAttemptAt { get; init; }

    public TimeSpan? Timeout { get; init; }

    public override string ToString() => TaskId;

    /// <param name="task">The task as read.</param>
    /// <param name="workerHost">The host of the worker that holds it, from the worker registry; null when unknown.</param>
    internal static GeoTask From(TaskRecord task, string? workerHost = null) => new()
    {
        TaskId = task.TaskId,
        JobId = task.JobId,
        Stage = task.Stage,
        TaskKey = task.TaskKey,
        TaskType = task.TaskType,
        Status = StatusNames.ToName(task.Status),
        Attempts = task.Attempts,
        MaxAttempts = task.MaxAttempts,
        Progress = task.ProgressPercent,
        ProgressMessage = task.ProgressMessage,
        ErrorType = task.ErrorType,
        ErrorMessage = task.ErrorMessage,
        Parameters = JsonValues.ToDictionary(task.Parameters),
        Result = JsonValues.ToValue(task.Result),
        LeaseOwner = task.LeaseOwner,
        WorkerHost = workerHost,
        Created = LocalTime.Of(task.Created),
        Started = LocalTime.Of(task.Started),
        Completed = LocalTime.Of(task.Completed),
        NextAttemptAt = LocalTime.Of(task.NextAttemptAt),
        Timeout = task.Timeout,
    };
}
