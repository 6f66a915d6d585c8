using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.HelloWorld;

[TaskHandler("hello_world_greeting")]
public sealed class GreetingHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var name = context.Input.GetString("name");
        return Task.FromResult<JsonNode?>(new JsonObject { ["name"] = name, ["greeting"] = $"Hello, {name}!" });
    }
}
