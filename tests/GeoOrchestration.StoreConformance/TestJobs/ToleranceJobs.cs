using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.StoreConformance.TestJobs;

[MutuallyExclusive("max_failed", "max_failed_percent")]
public sealed class TolerantParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 1000)]
    public int Tasks { get; init; } = 10;

    /// <summary>The first this many tasks fail for good.</summary>
    [Parameter("failing", Minimum = 0, Maximum = 1000)]
    public int Failing { get; init; }

    [Parameter("max_failed", Minimum = 0, Maximum = 1000)]
    public int? MaxFailed { get; init; }

    [Parameter("max_failed_percent", Minimum = 0, Maximum = 100)]
    public double? MaxFailedPercent { get; init; }

    [Parameter("hold_ms", Minimum = 0, Maximum = 10_000)]
    public int HoldMs { get; init; }
}

/// <summary>
/// A stage that tolerates failures, then a fan-in that reports what it was handed; the default
/// summary (no Finalize), so the engine lists the failed tasks itself.
/// </summary>
[JobType("test_tolerant")]
public sealed class TolerantJob : JobDefinition<TolerantParameters>
{
    public override IReadOnlyList<StageDefinition<TolerantParameters>> Stages { get; } =
    [
        Single("work", "test_maybe_fail", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new { Fail = i < p.Failing, p.HoldMs })))
            .Tolerating(p => p.MaxFailedPercent is { } percent ? StageTolerance.Percent(percent) : StageTolerance.Count(p.MaxFailed ?? 0)),
        FanIn("collect", "test_tolerant_collect"),
    ];
}

/// <summary>Fan-in: the results and the tolerated failures it was handed, with the parameters each failure was planned with.</summary>
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
            ["errors"] = new JsonArray(failures.Select(f => (JsonNode)JsonValue.Create(f.ErrorMessage)).ToArray()),
        });
    }
}

/// <summary>Gives its fan-in task a field the engine fills itself: planning the fan-in must fail the job.</summary>
[JobType("test_fanin_reserved")]
public sealed class FanInReservedFieldJob : JobDefinition<NoParameters>
{
    public override IReadOnlyList<StageDefinition<NoParameters>> Stages { get; } =
    [
        Single("work", "test_echo", _ => [TaskPlan.Create("a", new { Index = 0 })]),
        FanIn("collect", "test_collect", _ => new { Failures = "mine" }),
    ];
}
