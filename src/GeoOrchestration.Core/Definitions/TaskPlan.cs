using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Definitions;

/// <summary>
/// One task a stage planner asks for. <see cref="Key"/> must be unique within the stage and stable
/// for the same inputs: it becomes part of the task's id, which makes re-planning idempotent.
/// </summary>
/// <param name="Key">Unique within the stage, 1 to 100 characters of <c>A-Z a-z 0-9 _ . -</c>.</param>
/// <param name="Parameters">What the task's handler gets as <see cref="TaskContext.Parameters"/>.</param>
public sealed record TaskPlan(string Key, JsonObject Parameters)
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Builds a plan from any object; its properties become snake_case JSON fields.</summary>
    /// <param name="key">Unique within the stage (see <see cref="Key"/>).</param>
    /// <param name="parameters">An object (anonymous or not) that serialises to a JSON object.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> does not serialise to a JSON object.</exception>
    public static TaskPlan Create(string key, object parameters) =>
        new(key, JsonSerializer.SerializeToNode(parameters, SnakeCase) as JsonObject
            ?? throw new ArgumentException("Task parameters must serialise to a JSON object.", nameof(parameters)));
}
