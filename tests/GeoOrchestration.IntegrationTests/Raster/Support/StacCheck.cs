using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Stac;
using GeoOrchestration.StoreConformance.Rasters;

namespace GeoOrchestration.IntegrationTests.Raster.Support;

/// <summary>
/// Reads a catalogue the way a STAC client would (from collection.json, following its links) and
/// checks every field of every Item against the facts of the raster it points at, re-read with
/// gdalinfo and hashed here: nothing is taken from the job's own results.
/// </summary>
public static class StacCheck
{
    public sealed record CheckedItem(string Path, JsonObject Item, string Asset, GdalInfo Info);

    /// <summary>The Collection and its Items, each checked; fails on the first field that does not match its raster.</summary>
    public static async Task<(JsonObject Collection, IReadOnlyList<CheckedItem> Items)> LoadAsync(string collectionPath)
    {
        var collection = Read(collectionPath);
        Assert.Equal("Collection", collection["type"]!.GetValue<string>());
        Assert.Equal("1.0.0", collection["stac_version"]!.GetValue<string>());
        Assert.Equal("./collection.json", Link(collection, "root"));
        Assert.Equal("./collection.json", Link(collection, "self"));
        var items = new List<CheckedItem>();
        foreach (var link in collection["links"]!.AsArray().Where(l => l!["rel"]!.GetValue<string>() == "item"))
        {
            var href = link!["href"]!.GetValue<string>();
            AssertRelative(href);
            var path = StacHref.Resolve(collectionPath, href);
            Assert.True(File.Exists(path), $"item link {href} resolves to {path}, which does not exist");
            items.Add(await CheckItemAsync(path, collectionPath, collection["id"]!.GetValue<string>()));
        }
        CheckExtent(collection, items);
        return (collection, items);
    }

    private static async Task<CheckedItem> CheckItemAsync(string path, string collectionPath, string collectionId)
    {
        var item = Read(path);
        Assert.Equal("Feature", item["type"]!.GetValue<string>());
        Assert.Equal("1.0.0", item["stac_version"]!.GetValue<string>());
        Assert.Equal(collectionId, item["collection"]!.GetValue<string>());
        foreach (var rel in new[] { "root", "parent", "collection" })
            Assert.Equal(collectionPath, StacHref.Resolve(path, Relative(Link(item, rel))));
        Assert.Equal(path, StacHref.Resolve(path, Relative(Link(item, "self"))));

        var asset = item["assets"]!["data"]!.AsObject();
        var assetPath = StacHref.Resolve(path, Relative(asset["href"]!.GetValue<string>()));
        Assert.True(File.Exists(assetPath), $"asset of {path} resolves to {assetPath}, which does not exist");
        var info = await GdalInfoReader.ReadAsync(GdalRunner.Default, assetPath, CancellationToken.None);

        // file extension: size and a SHA2-256 multihash of the bytes on disk.
        Assert.Equal(new FileInfo(assetPath).Length, asset["file:size"]!.GetValue<long>());
        var sha = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(assetPath))).ToLowerInvariant();
        Assert.Equal("1220" + sha, asset["file:checksum"]!.GetValue<string>());
        Assert.Equal(info.IsCog ? StacValues.CogMediaType : StacValues.GeoTiffMediaType, asset["type"]!.GetValue<string>());

        // raster extension: one entry per band, GDAL's type by the extension's name, nodata as the schema allows.
        var bands = asset["raster:bands"]!.AsArray();
        Assert.Equal(info.Bands.Count, bands.Count);
        for (var i = 0; i < bands.Count; i++)
        {
            Assert.Equal(StacValues.DataType(info.Bands[i].DataType), bands[i]!["data_type"]!.GetValue<string>());
            var nodata = bands[i]!["nodata"];
            if (info.Bands[i].NoData is not { } expected) Assert.Null(nodata);
            else if (double.IsNaN(expected)) Assert.Equal("nan", nodata!.GetValue<string>());
            else Assert.Equal(expected, nodata!.GetValue<double>());
        }

        // projection extension.
        var properties = item["properties"]!.AsObject();
        Assert.Equal([info.Height, info.Width], properties["proj:shape"]!.AsArray().Select(v => v!.GetValue<int>()));
        if (info.GeoTransform is { } gt)
        {
            var g = gt.ToGdal();
            Assert.Equal([g[1], g[2], g[0], g[4], g[5], g[3]], properties["proj:transform"]!.AsArray().Select(v => v!.GetValue<double>()));
        }
        else Assert.False(properties.ContainsKey("proj:transform"));
        Assert.True(properties.ContainsKey("proj:epsg"));
        Assert.Equal(info.Crs?.Epsg, properties["proj:epsg"]?.GetValue<int>());
        if (info.Crs is { Epsg: null } crs) Assert.Equal(crs.Wkt2, properties["proj:wkt2"]!.GetValue<string>());
        else Assert.False(properties.ContainsKey("proj:wkt2"));

        // datetime: the raster's own, else the processing time (created).
        var datetime = properties["datetime"]!.GetValue<string>();
        Assert.Equal(info.Datetime is { } own ? StacValues.Time(own) : properties["created"]!.GetValue<string>(), datetime);

        // bbox and geometry: WGS84 longitude, latitude; GDAL's own corners inside; none without
        // georeferencing, nor for a CRS GDAL cannot transform to WGS84 (asked of gdaltransform here).
        if (!info.IsGeoreferenced || item["geometry"] is null)
        {
            if (info.IsGeoreferenced) await AssertNotPlaceableAsync(assetPath);
            Assert.True(item.ContainsKey("geometry"));
            Assert.Null(item["geometry"]);
            Assert.False(item.ContainsKey("bbox"));
        }
        else
        {
            var bbox = item["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            Assert.Equal(4, bbox.Length);
            Assert.InRange(bbox[0], -180, 180);
            Assert.InRange(bbox[2], -180, 180);
            Assert.InRange(bbox[1], -90, bbox[3]);
            Assert.InRange(bbox[3], bbox[1], 90);
            foreach (var corner in info.Wgs84Extent ?? []) GeoJsonAssert.AssertInside(bbox, corner);
            var type = item["geometry"]!["type"]!.GetValue<string>();
            Assert.Equal(bbox[0] > bbox[2] ? "MultiPolygon" : "Polygon", type);
            foreach (var point in Positions(item["geometry"]!.AsObject())) GeoJsonAssert.AssertInside(bbox, point);
        }
        return new CheckedItem(path, item, assetPath, info);
    }

    /// <summary>GDAL refuses to transform the raster's (or its GCPs') CRS to WGS84, so it rightly has no footprint.</summary>
    private static async Task AssertNotPlaceableAsync(string path)
    {
        var refused = await Assert.ThrowsAsync<GdalPermanentException>(() =>
            GdalRunner.Default.RunAsync(GdalTools.Transform, ["-t_srs", "EPSG:4326", path], path, CancellationToken.None, "0 0\n"));
        Assert.Contains(refused.Messages, m => m.IsError);
    }

    /// <summary>The Collection's extent holds every Item's bbox and datetime, and is no larger than needed at its edges.</summary>
    private static void CheckExtent(JsonObject collection, List<CheckedItem> items)
    {
        var extent = collection["extent"]!["spatial"]!["bbox"]![0]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var boxes = items.Where(i => i.Item["bbox"] is JsonArray).Select(i => i.Item["bbox"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToList();
        foreach (var box in boxes)
        {
            GeoJsonAssert.AssertInside(extent, (box[0], box[1]));
            GeoJsonAssert.AssertInside(extent, (box[2], box[3]));
        }
        if (boxes.Count > 0)
        {
            Assert.Equal(boxes.Min(b => b[1]), extent[1]);
            Assert.Equal(boxes.Max(b => b[3]), extent[3]);
            // Its west and east edges are some item's west and east edges (or the whole circle).
            Assert.True(extent[0] == -180 || boxes.Any(b => b[0] == extent[0]));
            Assert.True(extent[2] == 180 || boxes.Any(b => b[2] == extent[2]));
        }
        var times = items.Select(i => i.Item["properties"]!["datetime"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        var interval = collection["extent"]!["temporal"]!["interval"]![0]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        if (times.Count > 0) Assert.Equal([times[0], times[^1]], interval);
    }

    public static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public static string Link(JsonObject document, string rel) =>
        document["links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == rel)!["href"]!.GetValue<string>();

    private static string Relative(string href)
    {
        AssertRelative(href);
        return href;
    }

    private static void AssertRelative(string href) =>
        Assert.True(href.StartsWith("./", StringComparison.Ordinal) || href.StartsWith("../", StringComparison.Ordinal), $"href '{href}' is not relative");

    private static IEnumerable<(double Lon, double Lat)> Positions(JsonObject geometry) =>
        geometry["type"]!.GetValue<string>() == "Polygon"
            ? GeoJsonAssert.Rings(geometry).SelectMany(r => r)
            : geometry["coordinates"]!.AsArray().SelectMany(p => p!.AsArray().SelectMany(r => r!.AsArray().Select(GeoJsonAssert.Point)));
}
