using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.Noop;

/// <summary>
/// Tasks that do nothing but wait: for smoke tests of a deployment, crash tests and benchmarks.
/// Each result records the worker and attempt that completed it.
/// </summary>
[JobType("noop", Description = "Runs empty tasks (optionally holding or failing once) to test a deployment and measure the engine.")]
public sealed class NoopJob : JobDefinition<NoopParameters>
{
    public const int MaxStages = 10;

    public override IReadOnlyList<StageDefinition<NoopParameters>> Stages { get; } =
        Enumerable.Range(1, MaxStages).Select(n => Single($"stage_{n}", "noop", p => Plan(n, p))).ToArray();

    protected override IReadOnlyList<StageDefinition<NoopParameters>> StagesFor(NoopParameters parameters) =>
        Stages.Take(parameters.Stages).ToArray();

    // Built as JSON directly rather than through TaskPlan.Create's reflection: the benchmarks plan
    // up to a million of these, and should measure the engine, not the serializer.
    private static IEnumerable<TaskPlan> Plan(int stage, NoopParameters p) =>
        Enumerable.Range(0, p.Tasks).Select(i => new TaskPlan(i.ToString(CultureInfo.InvariantCulture), new JsonObject
        {
            ["delay_ms"] = p.DelayMs,
            ["fail_first_attempt"] = Share(stage, i) < p.TransientFailureRate,
        }));

    /// <summary>A well-spread number in [0, 1) per (stage, task), so a rate picks that share of tasks, the same ones every time.</summary>
    private static double Share(int stage, int index) => unchecked((uint)(index * 2654435761u + (uint)stage * 40503u)) / 4294967296.0;
}
