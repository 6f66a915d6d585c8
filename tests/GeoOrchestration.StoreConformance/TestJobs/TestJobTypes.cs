using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.StoreConformance.TestJobs;

public sealed class SizeParameters
{
    [Parameter("tasks", Minimum = 0, Maximum = 100_000)]
    public int Tasks { get; init; } = 2;
}

/// <summary>One wide stage then a fan-in: for counting completions and advancement.</summary>
[JobType("test_wide")]
public sealed class WideJob : JobDefinition<SizeParameters>
{
    public override IReadOnlyList<StageDefinition<SizeParameters>> Stages { get; } =
    [
        Single("spread", "test_echo", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new { Index = i }))),
        FanIn("collect", "test_collect"),
    ];
}

/// <summary>The middle stage plans no tasks: it must complete at once and the job go on.</summary>
[JobType("test_empty_middle")]
public sealed class EmptyMiddleJob : JobDefinition<SizeParameters>
{
    public override IReadOnlyList<StageDefinition<SizeParameters>> Stages { get; } =
    [
        Single("first", "test_echo", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new { Index = i, Keep = false }))),
        FanOut("filtered", "test_echo", (_, previous) => previous
            .Where(r => r.GetBoolean("keep"))
            .Select(r => TaskPlan.Create(r.TaskKey, new { Index = r.GetInt64("index") }))),
        FanIn("collect", "test_collect"),
    ];
}

public sealed class FailParameters
{
    [Parameter("fail_key")]
    public string? FailKey { get; init; }

    [Parameter("tasks", Minimum = 1, Maximum = 1000)]
    public int Tasks { get; init; } = 3;

    [Parameter("hold_ms", Minimum = 0, Maximum = 10_000)]
    public int HoldMs { get; init; }
}

/// <summary>The task whose key is fail_key fails permanently; the others hold hold_ms first.</summary>
[JobType("test_failing")]
public sealed class FailingJob : JobDefinition<FailParameters>
{
    public override IReadOnlyList<StageDefinition<FailParameters>> Stages { get; } =
    [
        Single("work", "test_maybe_fail", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new { Fail = p.FailKey == $"t{i}", HoldMs = p.HoldMs }))),
        FanIn("collect", "test_collect"),
    ];
}

public sealed class NoParameters;

/// <summary>Finalize throws: the job must end completed_with_errors, not hang in processing.</summary>
[JobType("test_finalize_throws")]
public sealed class FinalizeThrowsJob : JobDefinition<NoParameters>
{
    public override IReadOnlyList<StageDefinition<NoParameters>> Stages { get; } =
    [
        Single("only", "test_echo", _ => [TaskPlan.Create("a", new { Index = 0 })]),
    ];

    protected override JsonNode? Finalize(NoParameters parameters, IReadOnlyList<StageResults> results) =>
        throw new InvalidOperationException("summary exploded");
}

/// <summary>A planner that breaks the contract (duplicate keys): the job fails with the reason.</summary>
[JobType("test_duplicate_keys")]
public sealed class DuplicateKeysJob : JobDefinition<NoParameters>
{
    public override IReadOnlyList<StageDefinition<NoParameters>> Stages { get; } =
    [
        Single("only", "test_echo", _ => [TaskPlan.Create("same", new { Index = 0 }), TaskPlan.Create("same", new { Index = 1 })]),
    ];
}

public sealed class StreamedPlanParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 100_000)]
    public int Tasks { get; init; } = 600;

    [Parameter("fault", Allowed = ["duplicate_last", "throw_permanent", "bad_key_last"])]
    public string Fault { get; init; } = "duplicate_last";
}

/// <summary>
/// A planner whose fault shows only at the end of a long, lazily produced plan: by then the store
/// has streamed hundreds of tasks into its COPY, and all of them must vanish with the failed plan.
/// </summary>
[JobType("test_streamed_plan_fault")]
public sealed class StreamedPlanFaultJob : JobDefinition<StreamedPlanParameters>
{
    public override IReadOnlyList<StageDefinition<StreamedPlanParameters>> Stages { get; } =
    [
        Single("only", "test_echo", Plan),
    ];

    private static IEnumerable<TaskPlan> Plan(StreamedPlanParameters p)
    {
        for (var i = 0; i < p.Tasks; i++) yield return TaskPlan.Create($"t{i}", new { Index = i });
        switch (p.Fault)
        {
            case "duplicate_last": yield return TaskPlan.Create("t7", new { Index = -1 }); break;
            case "bad_key_last": yield return TaskPlan.Create("no spaces allowed", new { Index = -1 }); break;
            default: throw new ArgumentException("the plan ran out of tiles");
        }
    }
}
