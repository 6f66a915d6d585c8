using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Definitions;

/// <summary>
/// One task a stage planner asks for. <see cref="Key"/> must be unique within the stage and stable
/// for the same inputs: it becomes part of the task's id, which makes re-planning idempotent.
/// </summary>
public sealed record TaskPlan(string Key, JsonObject Parameters)
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Builds a plan from any object; its properties become snake_case JSON fields.</summary>
    public static TaskPlan Create(string key, object parameters) =>
        new(key, JsonSerializer.SerializeToNode(parameters, SnakeCase) as JsonObject
            ?? throw new ArgumentException("Task parameters must serialise to a JSON object.", nameof(parameters)));
}
