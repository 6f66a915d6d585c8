using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Parameters;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Core.Tests.Definitions;

/// <summary>
/// A submission's checks run in one round: the options, the declared parameter rules and the job
/// type's own checks (on the parameters that kept their declared rules) are refused together.
/// </summary>
public sealed class OneRoundValidationTests
{
    public sealed class PathParameters
    {
        [Parameter("count", Minimum = 1)]
        public int Count { get; init; } = 1;

        [Parameter("path", Required = true, MinLength = 1, MaxLength = 50)]
        public string Path { get; init; } = "";

        [Parameter("label", MaxLength = 5)]
        public string? Label { get; init; }
    }

    /// <summary>Its own rule: an absolute path, as the raster job types check theirs.</summary>
    [JobType("one_round_job")]
    public sealed class PathJob : JobDefinition<PathParameters>
    {
        public override IReadOnlyList<StageDefinition<PathParameters>> Stages { get; } = [Single("work", "one_round_task", _ => [])];

        protected override IEnumerable<ValidationError> Validate(PathParameters parameters)
        {
            if (!parameters.Path.StartsWith('/'))
                yield return new("path", "absolute", $"Parameter 'path' must be absolute; got '{parameters.Path}'.");
            if (parameters.Label is "bad")
                yield return new("label", "not_bad", "Parameter 'label' must not be 'bad'.");
        }
    }

    /// <summary>Written for parameters that all kept their rules: trips over a default.</summary>
    [JobType("one_round_fragile_job")]
    public sealed class FragileJob : JobDefinition<PathParameters>
    {
        public override IReadOnlyList<StageDefinition<PathParameters>> Stages { get; } = [Single("work", "one_round_task", _ => [])];

        protected override IEnumerable<ValidationError> Validate(PathParameters parameters) =>
            parameters.Path.Length == 0 ? throw new InvalidOperationException("no path") : [];
    }

    [TaskHandler("one_round_task")]
    public sealed class Handler : ITaskHandler
    {
        public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) => Task.FromResult<JsonNode?>(null);
    }

    private static GeoClient Client() =>
        // Validation writes nothing and reads nothing: no store is reached.
        new(null!, JobRegistry.FromTypes([typeof(PathJob), typeof(FragileJob), typeof(Handler)]));

    private static List<(string, string)> RulesOf(Action submit) =>
        Assert.Throws<GeoValidationException>(submit).Errors.Select(e => (e.Field, e.Rule)).ToList();

    [Fact]
    public void ComputeJobId_DeclaredRuleAndJobTypesOwnRuleBroken_NamesBoth()
    {
        var rules = RulesOf(() => Client().ComputeJobId("one_round_job", new JsonObject { ["count"] = 0, ["path"] = "relative" }));

        Assert.Equal([("count", "minimum"), ("path", "absolute")], rules);
    }

    [Fact]
    public void ComputeJobId_OptionsBrokenToo_NamesThemWithTheParameters()
    {
        var rules = RulesOf(() => Client().ComputeJobId("one_round_job", new JsonObject { ["count"] = 0, ["path"] = "relative" },
            new SubmitOptions { JobTimeout = TimeSpan.Zero, RunKey = "" }));

        Assert.Equal([("job_timeout", "range"), ("run_key", "length"), ("count", "minimum"), ("path", "absolute")], rules);
    }

    [Fact]
    public void ComputeJobId_UnknownJobTypeAndBrokenOptions_NamesBoth()
    {
        var rules = RulesOf(() => Client().ComputeJobId("no_such_type", null, new SubmitOptions { TaskTimeout = TimeSpan.Zero }));

        Assert.Equal([("task_timeout", "range"), ("job_type", "unknown")], rules);
    }

    [Fact]
    public void ComputeJobId_ParameterThatBrokeADeclaredRule_IsNotCheckedAgainByTheJobType()
    {
        // 'label' broke max_length; the job type saw its default (null), so says nothing of it.
        var rules = RulesOf(() => Client().ComputeJobId("one_round_job", new JsonObject { ["path"] = "relative", ["label"] = "far too long" }));

        Assert.Equal([("label", "max_length"), ("path", "absolute")], rules);
    }

    [Fact]
    public void ComputeJobId_MissingRequiredParameter_IsReportedOnce()
    {
        var rules = RulesOf(() => Client().ComputeJobId("one_round_job", new JsonObject { ["count"] = 2 }));

        Assert.Equal([("path", "required")], rules);
    }

    [Fact]
    public void ComputeJobId_JobTypesCheckThrowsOnADefault_TheDeclaredRulesAreStillReported()
    {
        var rules = RulesOf(() => Client().ComputeJobId("one_round_fragile_job", new JsonObject { ["count"] = 0 }));

        Assert.Equal([("count", "minimum"), ("path", "required")], rules);
    }
}
