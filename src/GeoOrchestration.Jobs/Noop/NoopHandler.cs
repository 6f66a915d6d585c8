using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Noop;

/// <summary>Up to 10 attempts: crash tests kill workers mid-task, and each lost lease counts as one.</summary>
[TaskHandler("noop", MaxAttempts = 10)]
public sealed class NoopHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var delay = context.Input.GetInt64("delay_ms");
        if (delay > 0) await Task.Delay(TimeSpan.FromMilliseconds(delay), cancellationToken);
        if (context.Attempt == 1 && context.Input.GetBoolean("fail_first_attempt"))
            throw new TransientTaskException($"Task {context.TaskId} fails its first attempt on purpose.");
        return new JsonObject { ["worker"] = context.WorkerId, ["attempt"] = context.Attempt };
    }
}
