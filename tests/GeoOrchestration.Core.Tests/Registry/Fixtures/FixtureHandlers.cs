using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Core.Tests.Registry.Fixtures;

// Task handlers for registry tests, some clashing on purpose (see FixtureJobs.cs).

[TaskHandler("fixture_task", MaxAttempts = 5)]
public sealed class FixtureTaskHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(null);
}

[TaskHandler("claimed_twice")]
public sealed class FirstClaimHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(null);
}

[TaskHandler("claimed_twice")]
public sealed class SecondClaimHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(null);
}

[TaskHandler("zero_attempts", MaxAttempts = 0)]
public sealed class ZeroAttemptsHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(null);
}

[TaskHandler("not_a_handler")]
public sealed class NotAHandler;
