using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Raster.Facts;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// A STAC 1.0.0 Item for one raster, written from its facts (<see cref="RasterFacts"/>) alone.
/// <c>datetime</c> is the raster's own (ACQUISITIONDATETIME, else TIFFTAG_DATETIME) when it has one,
/// else the time it was processed; <c>created</c> is always the processing time. A raster without
/// georeferencing gets <c>geometry: null</c> and no <c>bbox</c>, as STAC allows.
/// </summary>
public static class StacItem
{
    public static JsonObject Build(RasterFacts facts, string collectionPath, string collectionId)
    {
        var itemPath = facts.ItemPath;
        var item = new JsonObject
        {
            ["type"] = "Feature",
            ["stac_version"] = StacValues.Version,
            ["stac_extensions"] = new JsonArray(StacValues.ProjectionExtension, StacValues.RasterExtension, StacValues.FileExtension),
            ["id"] = facts.ItemId,
            ["collection"] = collectionId,
            ["geometry"] = facts.Geometry?.DeepClone(),
        };
        if (facts is { Geometry: not null, Bbox: { } bbox }) item["bbox"] = Numbers(bbox);
        item["properties"] = Properties(facts);
        item["links"] = new JsonArray(
            Link("root", StacHref.For(itemPath, collectionPath), StacValues.JsonMediaType),
            Link("parent", StacHref.For(itemPath, collectionPath), StacValues.JsonMediaType),
            Link("collection", StacHref.For(itemPath, collectionPath), StacValues.JsonMediaType),
            Link("self", StacHref.For(itemPath, itemPath), StacValues.GeoJsonMediaType));
        item["assets"] = new JsonObject { ["data"] = Asset(facts, itemPath) };
        return item;
    }

    private static JsonObject Properties(RasterFacts facts)
    {
        var properties = new JsonObject
        {
            ["datetime"] = StacValues.Time(facts.Datetime ?? facts.ProcessedAt),
            ["created"] = StacValues.Time(facts.ProcessedAt),
            ["proj:epsg"] = facts.Epsg,
        };
        if (facts.Wkt2 is { } wkt2) properties["proj:wkt2"] = wkt2;
        // proj:shape is rows then columns: height first.
        properties["proj:shape"] = new JsonArray(facts.Height, facts.Width);
        if (facts.Transform is { } transform) properties["proj:transform"] = Numbers(transform);
        if (facts.NativeBbox is { } native) properties["proj:bbox"] = Numbers(native);
        return properties;
    }

    private static JsonObject Asset(RasterFacts facts, string itemPath)
    {
        var asset = new JsonObject { ["href"] = StacHref.For(itemPath, facts.Asset) };
        if (facts.MediaType is { } type) asset["type"] = type;
        asset["roles"] = new JsonArray("data");
        asset["raster:bands"] = RasterFactsJson.Bands(facts.Bands);
        asset["file:size"] = facts.AssetBytes;
        asset["file:checksum"] = StacValues.Checksum(facts.Sha256);
        return asset;
    }

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    internal static JsonObject Link(string rel, string href, string type) => new() { ["rel"] = rel, ["href"] = href, ["type"] = type };
}
