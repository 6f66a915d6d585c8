using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.IntegrationTests.TestJobs;

public sealed class UnstorableTextParameters
{
    /// <summary>Where the text no store can hold turns up: see <see cref="UnstorableTextJob"/> and <see cref="UnstorableTextHandler"/>.</summary>
    [Parameter("mode", Required = true, Allowed = ["result_nul", "result_surrogate", "result_nan", "error", "progress", "summary", "summary_throws", "plan", "plan_throws"])]
    public string Mode { get; init; } = "";

    [Parameter("tasks", Minimum = 1, Maximum = 1000)]
    public int Tasks { get; init; } = 1;

    /// <summary>Makes otherwise identical jobs distinct, and keys the progress gate.</summary>
    [Parameter("run")]
    public string Run { get; init; } = "";
}

/// <summary>
/// One stage whose planner, handler or summary produces text no store can hold (NUL, lone
/// surrogates). plan: the last planned task's parameters hold a NUL; plan_throws: the planner
/// throws with one in its message; summary: the summary holds a NUL; summary_throws: Finalize
/// throws with one in its message. The other modes are the handler's.
/// </summary>
[JobType("test_unstorable_text")]
public sealed class UnstorableTextJob : JobDefinition<UnstorableTextParameters>
{
    public override IReadOnlyList<StageDefinition<UnstorableTextParameters>> Stages { get; } =
    [
        Single("work", "test_unstorable_text", Plan),
    ];

    private static IEnumerable<TaskPlan> Plan(UnstorableTextParameters p)
    {
        for (var i = 0; i < p.Tasks - 1; i++) yield return TaskPlan.Create($"t{i}", new { p.Mode, p.Run });
        var last = $"t{p.Tasks - 1}";
        switch (p.Mode)
        {
            case "plan": yield return TaskPlan.Create(last, new { p.Mode, Tiles = new[] { "ok", "bad\0tile" } }); break;
            case "plan_throws": throw new ArgumentException("no tiles \0 here \ud800");
            default: yield return TaskPlan.Create(last, new { p.Mode, p.Run }); break;
        }
    }

    protected override JsonNode? Finalize(UnstorableTextParameters parameters, IReadOnlyList<StageResults> results) => parameters.Mode switch
    {
        "summary" => new JsonObject { ["tasks"] = results.Sum(r => r.Count), ["notes"] = new JsonArray("fine", "bad\0note") },
        "summary_throws" => throw new InvalidOperationException("summary \0 exploded \udc00"),
        _ => new JsonObject { ["tasks"] = results.Sum(r => r.Count) },
    };
}

/// <summary>
/// result_nul: returns a NUL at features[3].name. result_surrogate: returns JSON parsed from text
/// that escapes a lone surrogate. result_nan: returns NaN at stats.ratio (as 0/0 statistics do). error: throws a transient error whose message holds a NUL and a
/// lone surrogate. progress: reports such a progress message, then waits for its run's gate.
/// </summary>
[TaskHandler("test_unstorable_text", MaxAttempts = 3)]
public sealed class UnstorableTextHandler : ITaskHandler
{
    /// <summary>Progress mode waits here, by run, until the test has seen the progress stored.</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    public static TaskCompletionSource Gate(string run) => Gates.GetOrAdd(run, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        switch (context.Input.GetString("mode"))
        {
            case "result_nul":
                return new JsonObject
                {
                    ["features"] = new JsonArray(Enumerable.Range(0, 4)
                        .Select(i => (JsonNode)new JsonObject { ["name"] = i == 3 ? "bad\0name" : $"f{i}" }).ToArray()),
                };
            case "result_surrogate":
                return JsonNode.Parse("""{"features":[{"name":"x\ud800"}]}""");
            case "result_nan":
                return new JsonObject { ["stats"] = new JsonObject { ["count"] = 0, ["ratio"] = 0.0 / 0.0 } };
            case "error":
                throw new IOException($"attempt {context.Attempt}: disk said \0 and \ud800");
            case "progress":
                context.ReportProgress(50, "tile \0 of \ud800");
                await Gate(context.Input.GetString("run")).Task.WaitAsync(cancellationToken);
                break;
        }
        return new JsonObject { ["ok"] = true };
    }
}
