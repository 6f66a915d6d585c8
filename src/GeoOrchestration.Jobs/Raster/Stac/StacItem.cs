using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// A STAC 1.0.0 Item for one raster, written from its facts (<see cref="RasterFacts"/>) alone.
/// <c>datetime</c> is the raster's own (ACQUISITIONDATETIME, else TIFFTAG_DATETIME) when it has one,
/// else the time it was processed; <c>created</c> is always the processing time. A raster without
/// georeferencing gets <c>geometry: null</c> and no <c>bbox</c>, as STAC allows.
/// </summary>
public static class StacItem
{
    public static JsonObject Build(StageResult facts, string collectionPath, string collectionId)
    {
        var itemPath = facts.GetString("item_path");
        var geometry = facts.Find("geometry");
        var item = new JsonObject
        {
            ["type"] = "Feature",
            ["stac_version"] = StacValues.Version,
            ["stac_extensions"] = new JsonArray(StacValues.ProjectionExtension, StacValues.RasterExtension, StacValues.FileExtension),
            ["id"] = facts.GetString("item_id"),
            ["collection"] = collectionId,
            ["geometry"] = geometry?.DeepClone(),
        };
        if (geometry is not null) item["bbox"] = facts.GetArray("bbox").DeepClone();
        item["properties"] = Properties(facts);
        item["links"] = new JsonArray(
            Link("root", StacHref.Relative(itemPath, collectionPath), StacValues.JsonMediaType),
            Link("parent", StacHref.Relative(itemPath, collectionPath), StacValues.JsonMediaType),
            Link("collection", StacHref.Relative(itemPath, collectionPath), StacValues.JsonMediaType),
            Link("self", StacHref.Relative(itemPath, itemPath), StacValues.GeoJsonMediaType));
        item["assets"] = new JsonObject { ["data"] = Asset(facts, itemPath) };
        return item;
    }

    private static JsonObject Properties(StageResult facts)
    {
        var properties = new JsonObject
        {
            ["datetime"] = facts.Find("datetime")?.DeepClone() ?? facts.GetString("processed_at"),
            ["created"] = facts.GetString("processed_at"),
            ["proj:epsg"] = facts.Find("epsg")?.DeepClone(),
        };
        if (facts.Find("wkt2") is { } wkt2) properties["proj:wkt2"] = wkt2.DeepClone();
        // proj:shape is rows then columns: height first.
        properties["proj:shape"] = new JsonArray(facts.GetInt64("height"), facts.GetInt64("width"));
        if (facts.Find("transform") is { } transform) properties["proj:transform"] = transform.DeepClone();
        if (facts.Find("native_bbox") is { } native) properties["proj:bbox"] = native.DeepClone();
        return properties;
    }

    private static JsonObject Asset(StageResult facts, string itemPath)
    {
        var asset = new JsonObject { ["href"] = StacHref.Relative(itemPath, facts.GetString("asset")) };
        if (facts.Find("media_type") is { } type) asset["type"] = type.DeepClone();
        asset["roles"] = new JsonArray("data");
        asset["raster:bands"] = facts.GetArray("bands").DeepClone();
        asset["file:size"] = facts.GetInt64("bytes");
        asset["file:checksum"] = StacValues.Checksum(facts.GetString("sha256"));
        return asset;
    }

    internal static JsonObject Link(string rel, string href, string type) => new() { ["rel"] = rel, ["href"] = href, ["type"] = type };
}
