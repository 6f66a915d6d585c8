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

    /// <summary>The id of the task that produced the result.</summary>
    public string TaskId { get; } = taskId;
    /// <summary>The task's key within its stage, as its planner gave it.</summary>
    public string TaskKey { get; } = taskKey;
    /// <summary>The stage the task belonged to.</summary>
    public int Stage { get; } = stage;
    /// <summary>The result as the handler returned it; null for none.</summary>
    public JsonNode? Result { get; } = result;

    /// <summary>The required field <paramref name="field"/>, which must be a string.</summary>
    /// <param name="field">The field's name in the result object.</param>
    /// <returns>The field's value.</returns>
    /// <exception cref="ContractViolationException">The result is not an object, or the field is missing or not a string; the message names the field, what was expected and what was found.</exception>
    public string GetString(string field) => Get(field, JsonValueKind.String, "a string").GetValue<string>();

    /// <summary>The required field <paramref name="field"/>, which must be an integer (a JSON number that fits a 64-bit integer).</summary>
    /// <param name="field">The field's name in the result object.</param>
    /// <returns>The field's value.</returns>
    /// <exception cref="ContractViolationException">The result is not an object, or the field is missing or not an integer; the message names the field, what was expected and what was found.</exception>
    public long GetInt64(string field)
    {
        var node = Get(field, JsonValueKind.Number, "an integer");
        return node.AsValue().TryGetValue<long>(out var v) ? v : throw Missing(field, "an integer", node);
    }

    /// <summary>The required field <paramref name="field"/>, which must be a number.</summary>
    /// <param name="field">The field's name in the result object.</param>
    /// <returns>The field's value.</returns>
    /// <exception cref="ContractViolationException">The result is not an object, or the field is missing or not a number; the message names the field, what was expected and what was found.</exception>
    public double GetDouble(string field) => Get(field, JsonValueKind.Number, "a number").GetValue<double>();

    /// <summary>The required field <paramref name="field"/>, which must be true or false.</summary>
    /// <param name="field">The field's name in the result object.</param>
    /// <returns>The field's value.</returns>
    /// <exception cref="ContractViolationException">The result is not an object, or the field is missing or not true or false; the message names the field, what was expected and what was found.</exception>
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

    /// <summary>The required field <paramref name="field"/>, which must be an array.</summary>
    /// <param name="field">The field's name in the result object.</param>
    /// <returns>The field's value.</returns>
    /// <exception cref="ContractViolationException">The result is not an object, or the field is missing or not an array; the message names the field, what was expected and what was found.</exception>
    public JsonArray GetArray(string field) => Get(field, JsonValueKind.Array, "an array").AsArray();

    /// <summary>The required field <paramref name="field"/>, which must be an object.</summary>
    /// <param name="field">The field's name in the result object.</param>
    /// <returns>The field's value.</returns>
    /// <exception cref="ContractViolationException">The result is not an object, or the field is missing or not an object; the message names the field, what was expected and what was found.</exception>
    public JsonObject GetObject(string field) => Get(field, JsonValueKind.Object, "an object").AsObject();

    /// <summary>The optional form: null when the field is absent or JSON null.</summary>
    /// <param name="field">The field's name in the result object.</param>
    /// <returns>The field's value; null when absent, JSON null, or when the result is not an object.</returns>
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
