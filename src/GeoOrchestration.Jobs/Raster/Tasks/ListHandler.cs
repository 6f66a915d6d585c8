using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Sources;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// The first stage of the raster job types: lists the rasters a job's <c>source</c> names and
/// returns only the listing's page bounds (<see cref="RasterPage"/>: count, bytes and pages), never
/// the files, so its result stays small for any number of them; the <c>listing</c> stage
/// (<see cref="PageHandler"/>) lists each page again. Makes the destination folder. No match is a
/// permanent failure (the job fails saying what was looked for), not an empty success. Two files
/// that would share an output name or item id fail it too, naming both.
/// </summary>
[TaskHandler(RasterTaskTypes.List)]
public sealed class ListHandler : ITaskHandler
{
    public Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var source = RasterPageSource.Parse(input);
        var destination = input.GetString("destination");
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
            ["pages"] = new JsonArray(RasterListing.Pages(source, files).Select(p => (JsonNode)p.ToJson()).ToArray()),
        });
    }
}
