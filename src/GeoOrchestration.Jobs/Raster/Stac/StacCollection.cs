using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// The STAC 1.0.0 Collection at the top of a catalogue: the root of its Items, its spatial extent
/// the union of their bboxes (<see cref="BboxUnion"/>; the whole globe when none has one), its
/// temporal extent from the earliest to the latest Item datetime.
/// </summary>
public static class StacCollection
{
    public static JsonObject Build(string collectionPath, string id, string description,
        IReadOnlyList<(string Path, JsonObject Item)> items, DateTimeOffset now)
    {
        var bbox = BboxUnion.Of(items.Where(i => i.Item["bbox"] is JsonArray).Select(i => i.Item["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray()))
            ?? [-180, -90, 180, 90];
        var times = items.Select(i => i.Item["properties"]!["datetime"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        var links = new JsonArray(
            StacItem.Link("root", StacHref.For(collectionPath, collectionPath), StacValues.JsonMediaType),
            StacItem.Link("self", StacHref.For(collectionPath, collectionPath), StacValues.JsonMediaType));
        foreach (var (path, _) in items) links.Add(StacItem.Link("item", StacHref.For(collectionPath, path), StacValues.GeoJsonMediaType));
        return new JsonObject
        {
            ["type"] = "Collection",
            ["stac_version"] = StacValues.Version,
            ["stac_extensions"] = new JsonArray(),
            ["id"] = id,
            ["description"] = description,
            ["license"] = "proprietary",
            ["extent"] = new JsonObject
            {
                ["spatial"] = new JsonObject { ["bbox"] = new JsonArray(new JsonArray(bbox.Select(v => (JsonNode)JsonValue.Create(v)).ToArray())) },
                // Times as RFC 3339 UTC to the second sort as text.
                ["temporal"] = new JsonObject
                {
                    ["interval"] = new JsonArray(new JsonArray(times.FirstOrDefault() ?? StacValues.Time(now), times.LastOrDefault() ?? StacValues.Time(now))),
                },
            },
            ["links"] = links,
        };
    }
}
