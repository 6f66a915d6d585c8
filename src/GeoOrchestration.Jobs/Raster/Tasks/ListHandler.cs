using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Sources;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// The first stage of the raster job types: lists the rasters a job's <c>source</c> names and
/// returns only the listing's page bounds (<see cref="RasterPage"/>: count, bytes and pages), never
/// the files, so its result stays small for any number of them; the <c>listing</c> stage
/// (<see cref="PageHandler"/>) lists each page again. Makes a destination folder (a container needs
/// none). No match is a permanent failure (the job fails saying what was looked for), not an empty
/// success; so are two rasters that would share an output name or item id, on any pages.
/// </summary>
[TaskHandler(RasterTaskTypes.List)]
public sealed class ListHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var source = RasterPageSource.Parse(input);
        var destination = input.GetString("destination");
        RasterBlobListing.Bounds bounds;
        if (source.Blob is { } container)
            bounds = await RasterBlobListing.BoundsAsync(container, source.Recursive, cancellationToken);
        else
        {
            var files = source.FilesAreBlobs
                ? await RasterBlobListing.ListAsync(source.Files, dropMissing: false, cancellationToken)
                : RasterListing.List(source);
            bounds = new(files.Count, files.Sum(f => f.Bytes), RasterListing.Pages(source, files).ToList());
        }
        if (bounds.Count == 0)
            throw new PermanentTaskException(NothingMatches(source));
        if (!BlobLocation.IsBlob(destination)) Directory.CreateDirectory(destination);
        return bounds.AddTo(new JsonObject
        {
            ["folder"] = source.Folder,
            ["container"] = source.Blob?.ToString(),
            ["pattern"] = source.Pattern,
        });
    }

    private static string NothingMatches(RasterSource source) => source switch
    {
        { Folder: { } folder } => $"No file in '{folder}'{(source.Recursive ? " or its subfolders" : "")} matches {source.Pattern ?? "*.tif or *.tiff"}.",
        { Blob: { } container } => $"No blob in '{container}'{(source.Recursive ? " or below it" : "")} matches {source.Pattern ?? "*.tif or *.tiff"}.",
        _ => "The source lists no file.",
    };
}
