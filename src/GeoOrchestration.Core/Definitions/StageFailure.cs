using System.Text.Json.Nodes;

namespace GeoOrchestration.Definitions;

/// <summary>
/// A task of a stage that failed for good within the stage's <see cref="StageTolerance"/>: which
/// task, why, and the parameters it was planned with (so a later stage can name what it was about,
/// e.g. the file), read through <see cref="Input"/> with the same explaining accessors as results.
/// </summary>
public sealed class StageFailure(string taskId, string taskKey, int stage, string errorType, string errorMessage, JsonObject? parameters)
{
    /// <summary>The id of the task that failed.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>The failed task's key within its stage.</summary>
    public string TaskKey { get; } = taskKey;
    /// <summary>The stage the task belonged to.</summary>
    public int Stage { get; } = stage;

    /// <summary>The exception's type name, as the failure was recorded.</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>The exception's message, as the failure was recorded.</summary>
    public string ErrorMessage { get; } = errorMessage;

    /// <summary>The task's parameters (null when the store did not return them).</summary>
    public JsonObject? Parameters { get; } = parameters;

    /// <summary>Typed access to the task's parameters.</summary>
    public StageResult Input => _input ??= new StageResult(TaskId, TaskKey, Stage, Parameters, $"the parameters of failed task {TaskId}");
    private StageResult? _input;

    /// <summary>The failure as JSON: what a fan-in task and a job's result get.</summary>
    /// <param name="withParameters">Whether to include the task's parameters (<c>parameters</c>).</param>
    /// <returns>An object with <c>task_id</c>, <c>task_key</c>, <c>stage</c>, <c>error_type</c>, <c>error_message</c> and, when asked for, <c>parameters</c>.</returns>
    public JsonObject ToJson(bool withParameters)
    {
        var json = new JsonObject
        {
            ["task_id"] = TaskId,
            ["task_key"] = TaskKey,
            ["stage"] = Stage,
            ["error_type"] = ErrorType,
            ["error_message"] = ErrorMessage,
        };
        if (withParameters) json["parameters"] = Parameters?.DeepClone();
        return json;
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    internal static StageFailure FromJson(StageResult entry) => new(
        entry.GetString("task_id"), entry.GetString("task_key"), (int)entry.GetInt64("stage"),
        entry.GetString("error_type"), entry.GetString("error_message"), entry.Find("parameters") as JsonObject);
}
