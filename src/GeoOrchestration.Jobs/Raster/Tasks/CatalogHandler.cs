using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Raster.Facts;
using GeoOrchestration.Jobs.Raster.Stac;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>
/// Writes a self-contained STAC catalogue under the destination: one Item per raster the previous
/// stage described (beside its asset for raster_to_cog) and the Collection over them. Every file
/// is written whole (temporary name then rename, or one Put Blob: <see cref="CatalogFiles"/>), and
/// writing again writes the same catalogue. Under a blob destination every href is a blob's https URL.
/// </summary>
[TaskHandler(RasterTaskTypes.Catalog)]
public sealed class CatalogHandler : ITaskHandler
{
    public async Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var destination = input.GetString("destination");
        var collectionId = input.GetString("collection_id");
        var collectionPath = RasterPaths.Collection(destination);
        var items = new List<(string Path, JsonObject Item)>();
        foreach (var facts in context.FanInResults().Select(RasterFacts.From))
        {
            var item = StacItem.Build(facts, collectionPath, collectionId);
            var path = facts.ItemPath;
            await CatalogFiles.WriteAsync(destination, path, item, StacValues.GeoJsonMediaType, cancellationToken);
            items.Add((path, item));
        }
        var collection = StacCollection.Build(collectionPath, collectionId, input.GetString("description"), items, DateTimeOffset.UtcNow);
        await CatalogFiles.WriteAsync(destination, collectionPath, collection, StacValues.JsonMediaType, cancellationToken);
        return new JsonObject
        {
            ["collection"] = collectionPath,
            ["items"] = items.Count,
            ["bbox"] = collection["extent"]!["spatial"]!["bbox"]![0]!.DeepClone(),
            ["interval"] = collection["extent"]!["temporal"]!["interval"]![0]!.DeepClone(),
        };
    }
}
