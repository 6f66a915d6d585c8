using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Engine;

/// <summary>
/// Lists a job's tolerated failures in its result: under <c>failed_tasks</c> (each task's id, stage,
/// key, error type and message), with <c>failed_task_count</c>, unless the job type's summary lists
/// them there itself. A summary that is not a JSON object is kept under <c>summary</c>.
/// </summary>
internal static class FailureReport
{
    public const string Field = "failed_tasks";
    public const string CountField = "failed_task_count";

    /// <summary>Most failures listed; the count is always whole (a percentage tolerance over a huge stage could list millions).</summary>
    public const int MaxListed = 1000;

    public static JsonNode? Attach(JsonNode? summary, IReadOnlyList<StageFailure> failures)
    {
        if (failures.Count == 0) return summary;
        var result = summary as JsonObject ?? new JsonObject { ["summary"] = summary };
        if (!result.ContainsKey(Field))
            result[Field] = new JsonArray(failures.Take(MaxListed).Select(f => (JsonNode)f.ToJson(withParameters: false)).ToArray());
        if (!result.ContainsKey(CountField)) result[CountField] = failures.Count;
        return result;
    }
}
