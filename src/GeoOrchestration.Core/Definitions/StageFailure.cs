using System.Text.Json.Nodes;

namespace GeoOrchestration.Definitions;

/// <summary>
/// A task of a stage that failed for good within the stage's <see cref="StageTolerance"/>: which
/// task, why, and the parameters it was planned with (so a later stage can name what it was about,
/// e.g. the file), read through <see cref="Input"/> with the same explaining accessors as results.
/// </summary>
public sealed class StageFailure(string taskId, string taskKey, int stage, string errorType, string errorMessage, JsonObject? parameters)
{
    public string TaskId { get; } = taskId;
    public string TaskKey { get; } = taskKey;
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
