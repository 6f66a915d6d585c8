using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// A raster job's result: counts, bytes in and out, time inside GDAL, the catalogue, the files
/// catalogued without a footprint (<c>no_footprint_files</c>: file, reason) and the files that
/// failed within <c>max_failed_files</c> (<c>failed_tasks</c>: file, task, GDAL's reason).
/// </summary>
internal static class RasterSummary
{
    /// <summary>Most file names a list in the result holds; the counts are always whole.</summary>
    public const int MaxListed = 1000;

    public static JsonObject Build(string jobType, IReadOnlyList<StageResults> results, bool converted)
    {
        var listed = results[0].Single();
        var facts = results[1];
        var catalog = results[2].Single();
        var bytesIn = facts.Sum(f => f.GetInt64("source_bytes"));
        var bytesOut = facts.Sum(f => f.GetInt64("bytes"));
        var summary = new JsonObject
        {
            ["job_type"] = jobType,
            ["files"] = listed.GetInt64("count"),
            ["succeeded"] = facts.Count,
        };
        if (converted)
        {
            summary["converted"] = facts.Count(f => !f.GetBoolean("reused"));
            summary["reused"] = facts.Count(f => f.GetBoolean("reused"));
            summary["bytes_in"] = bytesIn;
            summary["bytes_out"] = bytesOut;
            summary["compression_ratio"] = bytesOut > 0 ? Math.Round((double)bytesIn / bytesOut, 4) : null;
        }
        else
        {
            var cogs = facts.Where(f => f.GetArray("cog_problems").Count == 0).ToList();
            var others = facts.Where(f => f.GetArray("cog_problems").Count > 0).ToList();
            summary["bytes"] = bytesIn;
            summary["valid_cogs"] = cogs.Count;
            summary["not_cogs"] = others.Count;
            summary["valid_cog_files"] = Names(cogs);
            summary["not_cog_files"] = Names(others);
        }
        // Catalogued without a place on Earth (geometry null): each file with the reason.
        var unplaced = facts.Where(f => f.Find("no_footprint") is not null).ToList();
        summary["no_footprint"] = unplaced.Count;
        summary["no_footprint_files"] = new JsonArray(unplaced.Take(MaxListed).Select(f => (JsonNode)new JsonObject
        {
            ["file"] = f.GetString("source"),
            ["reason"] = f.GetString("no_footprint"),
        }).ToArray());
        summary["seconds"] = Math.Round(facts.Sum(f => f.GetDouble("seconds")), 3);
        summary["gdal_seconds"] = Math.Round(facts.Sum(f => f.GetDouble("gdal_seconds")), 3);
        summary["catalog"] = catalog.GetString("collection");
        summary["items"] = catalog.GetInt64("items");
        // The files that failed within max_failed_files, each with GDAL's reason (the engine would
        // list the tasks; the file is what a user looks for).
        summary["failed"] = facts.Failures.Count;
        summary["failed_tasks"] = new JsonArray(facts.Failures.Take(MaxListed).Select(f => (JsonNode)new JsonObject
        {
            ["file"] = f.Input.GetString("source"),
            ["task_id"] = f.TaskId,
            ["error_type"] = f.ErrorType,
            ["error_message"] = f.ErrorMessage,
        }).ToArray());
        return summary;
    }

    private static JsonArray Names(IEnumerable<StageResult> facts) =>
        new(facts.Take(MaxListed).Select(f => (JsonNode)JsonValue.Create(f.GetString("source"))).ToArray());
}
