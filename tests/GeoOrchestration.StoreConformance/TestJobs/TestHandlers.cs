using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.StoreConformance.TestJobs;

/// <summary>Returns its parameters, plus who ran it: lets tests check what ran where.</summary>
[TaskHandler("test_echo")]
public sealed class EchoHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var result = (JsonObject)context.Parameters.DeepClone();
        result["task_id"] = context.TaskId;
        result["attempt"] = context.Attempt;
        return Task.FromResult<JsonNode?>(result);
    }
}

/// <summary>Fan-in: counts what it was handed.</summary>
[TaskHandler("test_collect")]
public sealed class CollectHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult<JsonNode?>(new JsonObject { ["count"] = context.FanInResults().Count });
}

/// <summary>Fails for good when its parameters say so, succeeds otherwise.</summary>
[TaskHandler("test_maybe_fail", MaxAttempts = 2)]
public sealed class MaybeFailHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (context.Input.GetBoolean("fail")) throw new PermanentTaskException($"Task {context.TaskId} was told to fail.");
        if (context.Parameters["hold_ms"]?.GetValue<int>() is > 0 and var hold) await Task.Delay(hold, cancellationToken);
        return new JsonObject { ["ok"] = true };
    }
}
