using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Sources;

namespace GeoOrchestration.Jobs.Blob.Tasks;

/// <summary>
/// <c>blob_inventory</c>'s first stage: walks the container once, one service page in memory at a
/// time, and returns its count, bytes and page bounds (a start token and a last name per page),
/// never the blobs. An empty container or prefix is an inventory of nothing, not a failure.
/// </summary>
[TaskHandler(BlobTaskTypes.List)]
public sealed class BlobListHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var location = BlobSourceInput.Parse(input);
        var bounds = await RasterBlobListing.BoundsAsync(location, input.GetBoolean("recursive"), _ => true, checkNames: false, cancellationToken);
        return bounds.AddTo(new JsonObject { ["container"] = location.ToString() });
    }
}
