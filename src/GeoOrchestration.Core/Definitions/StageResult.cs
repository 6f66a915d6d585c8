using System.Text.Json;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Definitions;

/// <summary>
/// One completed task's result, with typed accessors that explain what was expected and what was
/// found when a result does not have the shape the next stage needs.
/// </summary>
public sealed class StageResult(string taskId, string taskKey, int stage, JsonNode? result)
{
    internal StageResult(string taskId, string taskKey, int stage, JsonNode? result, string subject)
        : this(taskId, taskKey, stage, result) => _subject = subject;

    private readonly string? _subject;

    /// <summary>How error messages name this document, e.g. "the result of task X (stage 1)".</summary>
    private string Subject => _subject ?? $"the result of task {TaskId} (stage {Stage})";

    public string TaskId { get; } = taskId;
    public string TaskKey { get; } = taskKey;
    public int Stage { get; } = stage;
    public JsonNode? Result { get; } = result;

    public string GetString(string field) => Get(field, JsonValueKind.String, "a string").GetValue<string>();

    public long GetInt64(string field)
    {
        var node = Get(field, JsonValueKind.Number, "an integer");
        return node.AsValue().TryGetValue<long>(out var v) ? v : throw Missing(field, "an integer", node);
    }

    public double GetDouble(string field) => Get(field, JsonValueKind.Number, "a number").GetValue<double>();

    public bool GetBoolean(string field)
    {
        var node = Require(field);
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Missing(field, "true or false", node),
        };
    }

    public JsonArray GetArray(string field) => Get(field, JsonValueKind.Array, "an array").AsArray();

    public JsonObject GetObject(string field) => Get(field, JsonValueKind.Object, "an object").AsObject();

    /// <summary>The optional form: null when the field is absent or JSON null.</summary>
    public JsonNode? Find(string field) => (Result as JsonObject)?[field];

    private JsonNode Get(string field, JsonValueKind kind, string expected)
    {
        var node = Require(field);
        return node.GetValueKind() == kind ? node : throw Missing(field, expected, node);
    }

    private JsonNode Require(string field)
    {
        if (Result is not JsonObject obj)
            throw new ContractViolationException(
                $"Expected {Subject} to be a JSON object with field '{field}'; found {Show(Result)}.");
        return obj[field] ?? throw Missing(field, "present", null);
    }

    private ContractViolationException Missing(string field, string expected, JsonNode? found)
    {
        var keys = Result is JsonObject obj ? string.Join(", ", obj.Select(p => p.Key)) : "";
        var what = found is null ? $"it is missing (fields present: {(keys.Length == 0 ? "none" : keys)})" : $"found {Show(found)}";
        return new ContractViolationException(
            $"Expected field '{field}' of {Subject} to be {expected}; {what}.");
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
