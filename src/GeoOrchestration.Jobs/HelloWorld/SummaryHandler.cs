using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.HelloWorld;

[TaskHandler("hello_world_summary")]
public sealed class SummaryHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var names = context.FanInResults().Select(reply => reply.GetString("name")).ToArray();
        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["greetings"] = names.Length,
            ["replies"] = names.Length,
            ["names"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            ["message"] = $"Greeted {names.Length} and heard back from all of them.",
        });
    }
}
