using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.HelloWorld;

[TaskHandler("hello_world_reply")]
public sealed class ReplyHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var name = context.Input.GetString("name");
        var greeting = context.Input.GetString("greeting");
        return Task.FromResult<JsonNode?>(new JsonObject { ["name"] = name, ["reply"] = $"{name} heard \"{greeting}\" and says hello back." });
    }
}
