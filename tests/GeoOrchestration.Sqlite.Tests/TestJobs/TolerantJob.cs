using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Sqlite.Tests.TestJobs;

public sealed class TolerantParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 1000)]
    public int Tasks { get; init; } = 10;

    /// <summary>The first this many tasks fail for good.</summary>
    [Parameter("failing", Minimum = 0, Maximum = 1000)]
    public int Failing { get; init; }

    [Parameter("max_failed", Minimum = 0, Maximum = 1000)]
    public int MaxFailed { get; init; }
}

/// <summary>A stage that tolerates failures, then a fan-in reporting what it was handed; the default summary.</summary>
[JobType("test_tolerant")]
public sealed class TolerantJob : JobDefinition<TolerantParameters>
{
    public override IReadOnlyList<StageDefinition<TolerantParameters>> Stages { get; } =
    [
        Single("work", "test_tolerant_work", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new { Fail = i < p.Failing })))
            .Tolerating(p => StageTolerance.Count(p.MaxFailed)),
        FanIn("collect", "test_tolerant_collect"),
    ];
}

[TaskHandler("test_tolerant_work")]
public sealed class TolerantWorkHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        context.Input.GetBoolean("fail")
            ? throw new PermanentTaskException($"Task {context.TaskId} was told to fail.")
            : Task.FromResult<JsonNode?>(new JsonObject { ["ok"] = true });
}

[TaskHandler("test_tolerant_collect")]
public sealed class TolerantCollectHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var failures = context.FanInFailures();
        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["completed"] = context.FanInResults().Count,
            ["failed_keys"] = new JsonArray(failures.Select(f => (JsonNode)JsonValue.Create(f.TaskKey)).ToArray()),
            ["failed_were_told_to"] = failures.All(f => f.Input.GetBoolean("fail")),
        });
    }
}
