using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.Blob;

/// <summary>
/// <c>blob_inventory</c>'s result: counts and bytes (all, and by content type), the rasters GDAL
/// read, and their URLs (<c>rasters</c>, at most 10,000, what <c>raster_to_cog</c>'s <c>source</c>
/// takes; <c>rasters_truncated</c> when there were more), the blobs that failed within
/// <c>max_failed_blobs</c>.
/// </summary>
internal static class BlobInventorySummary
{
    /// <summary>Most raster URLs the result lists: the most entries <c>raster_to_cog</c>'s <c>source</c> takes.</summary>
    public const int MaxRasters = 10_000;

    /// <summary>Most failed blobs the result lists; the count is always whole.</summary>
    public const int MaxFailedListed = 1000;

    public static JsonObject Build(string jobType, IReadOnlyList<StageResults> results)
    {
        var inventory = results[0].Single();
        long described = 0, bytes = 0, rasterCount = 0, computedMd5 = 0;
        var byType = new SortedDictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
        var rasters = new JsonArray();
        // Enumerated, never indexed: the engine may stream a large stage's results.
        foreach (var blob in results[2])
        {
            described++;
            var size = blob.GetInt64("bytes");
            bytes += size;
            var type = blob.Find("content_type")?.GetValue<string>() ?? "(none)";
            byType[type] = byType.TryGetValue(type, out var seen) ? (seen.Count + 1, seen.Bytes + size) : (1, size);
            if (blob.GetBoolean("content_md5_computed")) computedMd5++;
            if (blob.Find("raster") is null) continue;
            rasterCount++;
            if (rasters.Count < MaxRasters) rasters.Add(blob.GetString("url"));
        }
        var failures = results[2].Failures;
        return new JsonObject
        {
            ["job_type"] = jobType,
            ["container"] = inventory.GetString("container"),
            ["listed"] = inventory.GetInt64("count"),
            ["blobs"] = described,
            ["bytes"] = bytes,
            ["by_content_type"] = new JsonObject(byType.Select(t => KeyValuePair.Create(t.Key,
                (JsonNode?)new JsonObject { ["count"] = t.Value.Count, ["bytes"] = t.Value.Bytes }))),
            ["content_md5_computed"] = computedMd5,
            ["raster_count"] = rasterCount,
            ["rasters"] = rasters,
            ["rasters_truncated"] = rasterCount > rasters.Count,
            ["failed"] = failures.Count,
            ["failed_blobs"] = new JsonArray(failures.Take(MaxFailedListed).Select(f => (JsonNode)new JsonObject
            {
                ["blob"] = f.Input.GetString("url"),
                ["task_id"] = f.TaskId,
                ["error_type"] = f.ErrorType,
                ["error_message"] = f.ErrorMessage,
            }).ToArray()),
        };
    }
}
