using System.Text.Json.Nodes;
using GeoOrchestration.Store;

namespace GeoOrchestration.Definitions;

/// <summary>What a handler knows about the task it runs.</summary>
public sealed class TaskContext
{
    /// <summary>The id of the task's job (64 hexadecimal characters).</summary>
    public required string JobId { get; init; }
    /// <summary>The task's id: <c>{job id[0..16]}-s{stage}-{key}</c>.</summary>
    public required string TaskId { get; init; }
    /// <summary>The task type being run.</summary>
    public required string TaskType { get; init; }
    /// <summary>The task's stage, from 1.</summary>
    public required int Stage { get; init; }
    /// <summary>1 on the first try.</summary>
    public required int Attempt { get; init; }
    /// <summary>The parameters the task was planned with (<see cref="TaskPlan.Parameters"/>); read them typed through <see cref="Input"/>.</summary>
    public required JsonObject Parameters { get; init; }
    /// <summary>Identifies the worker running the task, for results that record who did the work.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Typed, explaining access to the task's parameters (same rules as stage results).</summary>
    public StageResult Input => _input ??= new StageResult(TaskId, TaskId, Stage, Parameters, $"the parameters of task {TaskId}");
    private StageResult? _input;

    internal Action<double?, string?>? ProgressSink { get; init; }

    /// <summary>
    /// Records how far the task has got (0 to 100) and what it is doing. Cheap to call often: the
    /// latest value is stored within a second (at most once a second per task), not on every call.
    /// </summary>
    /// <param name="percent">How far the task has got, 0 to 100.</param>
    /// <param name="message">What it is doing; unstorable characters are escaped and it is cut to 1,000 characters.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not a number from 0 to 100.</exception>
    public void ReportProgress(double percent, string? message = null)
    {
        if (!double.IsFinite(percent) || percent < 0 || percent > 100)
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "Progress must be between 0 and 100.");
        // Escaped before it is cut, so that it stays within the 1000 characters a store keeps; cut
        // without splitting a surrogate pair. An unstorable message would fail the renewal of every lease.
        if (message is not null) message = StorableText.Truncate(StorableText.Escape(message), 1000);
        ProgressSink?.Invoke(percent, message);
    }

    /// <summary>The parameter under which the engine hands a fan-in task the previous stage's results.</summary>
    public const string FanInResultsField = "results";

    /// <summary>The parameter under which the engine hands a fan-in task the previous stage's tolerated failures.</summary>
    public const string FanInFailuresField = "failures";

    /// <summary>
    /// For a fan-in task: the previous stage's tasks that failed for good within its tolerance
    /// (<see cref="StageTolerance"/>), in plan order; empty when none did.
    /// </summary>
    /// <returns>The failures, each with the failed task's parameters.</returns>
    public IReadOnlyList<StageFailure> FanInFailures() =>
        Input.Find(FanInFailuresField) is JsonArray entries
            ? entries.Select(e => StageFailure.FromJson(new StageResult(TaskId, TaskId, Stage, e, $"an entry of the fan-in failures of task {TaskId}"))).ToList()
            : [];

    /// <summary>For a fan-in task: the previous stage's results, in plan order, with the same typed accessors a planner gets.</summary>
    /// <returns>The results of the stage before this one.</returns>
    /// <exception cref="Errors.ContractViolationException">The task is not a fan-in task (it has no results field).</exception>
    public StageResults FanInResults()
    {
        var entries = Input.GetArray(FanInResultsField);
        var results = new List<StageResult>(entries.Count);
        foreach (var entry in entries)
        {
            var item = new StageResult(TaskId, TaskId, Stage, entry, $"an entry of the fan-in results of task {TaskId}");
            results.Add(new StageResult(item.GetString("task_id"), item.GetString("task_key"), Stage - 1, item.Find("result")));
        }
        return new StageResults(Stage - 1, results);
    }
}
