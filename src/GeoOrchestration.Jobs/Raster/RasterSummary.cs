using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Facts;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// A raster job's result: counts, bytes in and out, time inside GDAL and the GDAL hosts started, the catalogue, the files
/// catalogued without a footprint (<c>no_footprint_files</c>: file, reason) and the files that
/// failed within <c>max_failed_files</c> (<c>failed_tasks</c>: file, task, GDAL's reason).
/// </summary>
internal static class RasterSummary
{
    /// <summary>Most file names a list in the result holds; the counts are always whole.</summary>
    public const int MaxListed = 1000;

    public static JsonObject Build(string jobType, IReadOnlyList<StageResults> results, bool converted)
    {
        // Stages: the page bounds, the listing's pages, one task per file, the catalogue.
        var listed = results[0].Single();
        var facts = results[2].Select(RasterFacts.From).ToList();
        var failures = results[2].Failures;
        var catalog = results[3].Single();
        var bytesIn = facts.Sum(f => f.SourceBytes);
        var bytesOut = facts.Sum(f => f.AssetBytes);
        var summary = new JsonObject
        {
            ["job_type"] = jobType,
            ["files"] = listed.GetInt64("count"),
            ["succeeded"] = facts.Count,
        };
        if (converted)
        {
            summary["converted"] = facts.Count(f => f.Reused != true);
            summary["reused"] = facts.Count(f => f.Reused == true);
            summary["bytes_in"] = bytesIn;
            summary["bytes_out"] = bytesOut;
            summary["compression_ratio"] = bytesOut > 0 ? Math.Round((double)bytesIn / bytesOut, 4) : null;
        }
        else
        {
            var cogs = facts.Where(f => f.CogProblems.Count == 0).ToList();
            var others = facts.Where(f => f.CogProblems.Count > 0).ToList();
            summary["bytes"] = bytesIn;
            summary["valid_cogs"] = cogs.Count;
            summary["not_cogs"] = others.Count;
            summary["valid_cog_files"] = Names(cogs);
            summary["not_cog_files"] = Names(others);
        }
        // Catalogued without a place on Earth (geometry null): each file with the reason.
        var unplaced = facts.Where(f => f.NoFootprint is not null).ToList();
        summary["no_footprint"] = unplaced.Count;
        summary["no_footprint_files"] = new JsonArray(unplaced.Take(MaxListed).Select(f => (JsonNode)new JsonObject
        {
            ["file"] = f.Source,
            ["reason"] = f.NoFootprint,
        }).ToArray());
        summary["seconds"] = Math.Round(facts.Sum(f => f.Seconds), 3);
        summary["gdal_seconds"] = Math.Round(facts.Sum(f => f.GdalSeconds), 3);
        // Hosts started for the job's files, by whichever workers ran them (results stored before they were counted add 0).
        summary["gdal_host_starts"] = facts.Sum(f => f.GdalHostStarts ?? 0);
        summary["catalog"] = catalog.GetString("collection");
        summary["items"] = catalog.GetInt64("items");
        // The files that failed within max_failed_files, each with GDAL's reason (the engine would
        // list the tasks; the file is what a user looks for).
        summary["failed"] = failures.Count;
        summary["failed_tasks"] = new JsonArray(failures.Take(MaxListed).Select(f => (JsonNode)new JsonObject
        {
            ["file"] = f.Input.GetString("source"),
            ["task_id"] = f.TaskId,
            ["error_type"] = f.ErrorType,
            ["error_message"] = f.ErrorMessage,
        }).ToArray());
        return summary;
    }

    private static JsonArray Names(IEnumerable<RasterFacts> facts) =>
        new(facts.Take(MaxListed).Select(f => (JsonNode)JsonValue.Create(f.Source)).ToArray());
}
