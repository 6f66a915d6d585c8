using GeoOrchestration.Definitions;

namespace GeoOrchestration.Core.Tests.Registry.Fixtures;

// Names no store can hold: refused at start-up, not at the first submission.

[JobType("nul\0job")]
public sealed class NulNameJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
        [Single("work", "fixture_task", _ => [])];
}

// 129 characters: one more than the store's job_type column allows.
[JobType("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
public sealed class OverlongNameJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
        [Single("work", "fixture_task", _ => [])];
}

[JobType("nul_task_type_job")]
public sealed class NulTaskTypeJob : JobDefinition<EmptyParameters>
{
    public override IReadOnlyList<StageDefinition<EmptyParameters>> Stages { get; } =
        [Single("work", "nul\0task", _ => [])];
}

[TaskHandler("nul\0task")]
public sealed class NulTaskTypeHandler : ITaskHandler
{
    public Task<System.Text.Json.Nodes.JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult<System.Text.Json.Nodes.JsonNode?>(null);
}
