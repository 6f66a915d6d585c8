using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Sources;

namespace GeoOrchestration.Jobs.Blob.Tasks;

/// <summary>
/// <c>blob_inventory</c>'s <c>listing</c> stage: lists one page again from its start token up to its
/// last name and returns its blobs' properties. A blob deleted since the first stage drops out.
/// </summary>
[TaskHandler(BlobTaskTypes.Page)]
public sealed class BlobPageHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var location = BlobSourceInput.Parse(input);
        var page = RasterPage.From(input.GetObject("page"));
        var entries = await RasterBlobListing.PageEntriesAsync(location, input.GetBoolean("recursive"), page, _ => true, cancellationToken);
        return RasterPage.Listed("blobs", entries, e => BlobEntryJson.Of(location, e));
    }
}
