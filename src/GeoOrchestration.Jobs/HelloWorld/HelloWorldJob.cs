using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.HelloWorld;

/// <summary>
/// The reference job type: greet (one task per name), reply (one task per greeting, planned from
/// stage 1's results), summarise (one fan-in task over all replies).
/// </summary>
[JobType("hello_world", Description = "Greets each name, replies to each greeting, and summarises the conversation.")]
public sealed class HelloWorldJob : JobDefinition<HelloWorldParameters>
{
    public override IReadOnlyList<StageDefinition<HelloWorldParameters>> Stages { get; } =
    [
        Single("greet", "hello_world_greeting",
            p => p.Recipients().Select((name, i) => TaskPlan.Create($"{i}", new { Name = name }))),
        FanOut("reply", "hello_world_reply",
            (_, greetings) => greetings.Select(g => TaskPlan.Create(g.TaskKey, new { Greeting = g.GetString("greeting"), Name = g.GetString("name") }))),
        FanIn("summarize", "hello_world_summary"),
    ];

    protected override JsonNode? Finalize(HelloWorldParameters parameters, IReadOnlyList<StageResults> results) =>
        results[^1][0].Result?.DeepClone();
}
