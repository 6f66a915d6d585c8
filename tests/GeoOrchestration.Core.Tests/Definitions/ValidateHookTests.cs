using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Parameters;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Core.Tests.Definitions;

public sealed class ValidateHookTests
{
    public sealed class RangeParameters
    {
        [Parameter("low", Minimum = 0)]
        public int Low { get; init; }

        [Parameter("high", Minimum = 0)]
        public int High { get; init; } = 10;
    }

    /// <summary>A rule no attribute can state: one parameter against another.</summary>
    [JobType("validate_hook_job")]
    public sealed class RangeJob : JobDefinition<RangeParameters>
    {
        public override IReadOnlyList<StageDefinition<RangeParameters>> Stages { get; } = [Single("work", "validate_hook_task", _ => [])];

        protected override IEnumerable<ValidationError> Validate(RangeParameters parameters)
        {
            if (parameters.Low > parameters.High)
                yield return new("low", "not_above_high", $"Parameter 'low' ({parameters.Low}) must not exceed 'high' ({parameters.High}).");
        }
    }

    [TaskHandler("validate_hook_task")]
    public sealed class Handler : ITaskHandler
    {
        public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) => Task.FromResult<JsonNode?>(null);
    }

    private static GeoClient Client() =>
        // Validation writes nothing and reads nothing: no store is reached.
        new(null!, JobRegistry.FromTypes([typeof(RangeJob), typeof(Handler)]));

    [Fact]
    public void ComputeJobId_JobTypesOwnRuleBroken_IsRefusedNamingFieldAndRule()
    {
        var e = Assert.Throws<GeoValidationException>(() => Client().ComputeJobId("validate_hook_job", new JsonObject { ["low"] = 11 }));

        var error = Assert.Single(e.Errors);
        Assert.Equal(("low", "not_above_high"), (error.Field, error.Rule));
    }

    [Fact]
    public void ComputeJobId_DeclaredRuleBroken_IsReportedBeforeTheJobTypesOwnChecksRun()
    {
        // -1 breaks the declared minimum; the job type's check would not see typed values it cannot bind.
        var e = Assert.Throws<GeoValidationException>(() => Client().ComputeJobId("validate_hook_job", new JsonObject { ["low"] = -1 }));

        Assert.Equal(("low", "minimum"), (e.Errors[0].Field, e.Errors[0].Rule));
    }

    [Fact]
    public void ComputeJobId_AllRulesKept_GivesTheId()
    {
        Assert.Equal(64, Client().ComputeJobId("validate_hook_job", new JsonObject { ["low"] = 3 }).Length);
    }
}
