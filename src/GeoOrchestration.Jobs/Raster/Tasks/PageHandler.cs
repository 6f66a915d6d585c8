using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Sources;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// The <c>listing</c> stage: lists one page of the source again, in the bounds the first stage
/// gave it (<see cref="RasterPage"/>), and returns its files (at most <see cref="RasterPage.Size"/>
/// unless some were added inside its range since) with what the per-file tasks need. The source as
/// it is now: a file or blob removed since the first stage simply drops out.
/// </summary>
[TaskHandler(RasterTaskTypes.Page)]
public sealed class PageHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var source = RasterPageSource.Parse(input);
        var page = RasterPage.From(input.GetObject("page"));
        var files = source switch
        {
            { Blob: { } container } => await RasterBlobListing.PageAsync(container, source.Recursive, page, cancellationToken),
            { FilesAreBlobs: true } => await RasterBlobListing.ListAsync(source.Files, dropMissing: true, cancellationToken),
            _ => RasterListing.ListPage(source, page),
        };
        return RasterPage.Listed("files", files, f => f.ToJson());
    }
}
