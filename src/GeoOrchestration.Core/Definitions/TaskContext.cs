using System.Text.Json.Nodes;

namespace GeoOrchestration.Definitions;

/// <summary>What a handler knows about the task it runs.</summary>
public sealed class TaskContext
{
    public required string JobId { get; init; }
    public required string TaskId { get; init; }
    public required string TaskType { get; init; }
    public required int Stage { get; init; }
    /// <summary>1 on the first try.</summary>
    public required int Attempt { get; init; }
    public required JsonObject Parameters { get; init; }
    /// <summary>Identifies the worker running the task, for results that record who did the work.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Typed, explaining access to the task's parameters (same rules as stage results).</summary>
    public StageResult Input => _input ??= new StageResult(TaskId, TaskId, Stage, Parameters, $"the parameters of task {TaskId}");
    private StageResult? _input;
}
