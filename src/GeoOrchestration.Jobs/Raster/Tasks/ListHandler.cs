using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Sources;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// Lists the rasters a job's <c>source</c> names and makes its destination folder. No match is a
/// permanent failure (the job fails saying what was looked for), not an empty success.
/// </summary>
[TaskHandler(RasterTaskTypes.List)]
public sealed class ListHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var entries = input.GetArray("source").Select(e => e!.GetValue<string>()).ToList();
        var recursive = input.GetBoolean("recursive");
        var destination = input.GetString("destination");
        var errors = new List<ValidationError>();
        var source = RasterSource.Parse(entries, recursive, errors)
            ?? throw new PermanentTaskException(string.Join(" ", errors.Select(e => e.Message)));
        var files = RasterListing.List(source);
        if (files.Count == 0)
            throw new PermanentTaskException(source.Folder is { } folder
                ? $"No file in '{folder}'{(source.Recursive ? " or its subfolders" : "")} matches {source.Pattern ?? "*.tif or *.tiff"}."
                : "The source lists no file.");
        Directory.CreateDirectory(destination);
        return Task.FromResult<JsonNode?>(new JsonObject
        {
            ["folder"] = source.Folder,
            ["pattern"] = source.Pattern,
            ["count"] = files.Count,
            ["bytes"] = files.Sum(f => f.Bytes),
            ["files"] = new JsonArray(files.Select(f => (JsonNode)new JsonObject
            {
                ["source"] = f.Path,
                ["name"] = f.Name,
                ["item_id"] = f.ItemId,
                ["bytes"] = f.Bytes,
            }).ToArray()),
        });
    }
}
