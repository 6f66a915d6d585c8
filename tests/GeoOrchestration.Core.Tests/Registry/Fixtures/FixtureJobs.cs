using GeoOrchestration.Definitions;

namespace GeoOrchestration.Core.Tests.Registry.Fixtures;

// Job types for registry tests, most of them broken on purpose. Registry tests pick them one or
// two at a time through JobRegistry.FromTypes; never scan this test assembly as a whole.

[JobType("fixture_job", Description = "A well-formed job type whose handler is FixtureTaskHandler.")]
public sealed class FixtureJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
        [Single("work", "fixture_task", _ => [])];
}

[JobType("fixture_job")]
public sealed class FixtureJobTwin : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
        [Single("work", "fixture_task", _ => [])];
}

[JobType("orphan_stage_job")]
public sealed class OrphanStageJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
    [
        Single("start", "fixture_task", _ => []),
        FanOut("lost", "no_such_task", (_, _) => []),
    ];
}

[JobType("fan_out_first_job")]
public sealed class FanOutFirstJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
        [FanOut("spread", "fixture_task", (_, _) => [])];
}

[JobType("fan_in_first_job")]
public sealed class FanInFirstJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
        [FanIn("gather", "fixture_task")];
}

[JobType("same_stage_names_job")]
public sealed class SameStageNamesJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
    [
        Single("step", "fixture_task", _ => []),
        FanOut("step", "fixture_task", (_, _) => []),
    ];
}

[JobType("no_stages_job")]
public sealed class NoStagesJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } = [];
}

[JobType("not_a_job")]
public sealed class NotAJob;
