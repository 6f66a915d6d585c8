using GeoOrchestration.Definitions;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.StoreConformance.TestJobs;

public sealed class PagedFanOutParameters
{
    [Parameter("tasks", Minimum = 1, Maximum = 200_000)]
    public int Tasks { get; init; } = 10;

    /// <summary>Tasks of the second stage per result of the first.</summary>
    [Parameter("per", Minimum = 1, Maximum = 10)]
    public int Per { get; init; } = 1;
}

/// <summary>
/// A fan-out stage planned from a large first stage: <c>tasks</c> echo tasks, then <c>per</c> tasks
/// for each of their results (keys <c>t{i}-{j}</c>, in the first stage's plan order), then a fan-in.
/// The planner enumerates the results, as every fan-out planner must (they are read page by page).
/// </summary>
[JobType("test_paged_fan_out")]
public sealed class PagedFanOutJob : JobDefinition<PagedFanOutParameters>
{
    public override IReadOnlyList<StageDefinition<PagedFanOutParameters>> Stages { get; } =
    [
        Single("spread", "test_echo", p => Enumerable.Range(0, p.Tasks).Select(i => TaskPlan.Create($"t{i}", new { Index = i }))),
        FanOut("split", "test_echo", (p, previous) => previous.SelectMany(r =>
            Enumerable.Range(0, p.Per).Select(j => TaskPlan.Create($"{r.TaskKey}-{j}", new { Index = r.GetInt64("index"), Part = j })))),
        FanIn("collect", "test_collect"),
    ];
}
