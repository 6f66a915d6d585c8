using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Facts;
using GeoOrchestration.Jobs.Raster.Footprints;

namespace GeoOrchestration.Jobs.Tests.Raster;

/// <summary>
/// A raster's facts cross from the convert/describe stage to the catalogue stage and the job's end
/// as the task's stored JSON: what the one stage writes, the next reads back as the same record,
/// every field (found by reflection, so a field added later is checked too), with the odd values
/// rasters have; and the JSON is the shape results had before the record, so a job running across
/// the change still reads its results.
/// </summary>
public sealed class RasterFactsRoundTripTests
{
    /// <summary>Every field set, none to its default: NaN and infinite nodata, a CRS without EPSG code, non-ASCII paths, an antimeridian MultiPolygon.</summary>
    private static RasterFacts Full => new()
    {
        Source = "/data/scènes/北京 \"1\"\\🛰.tif",
        SourceBytes = long.MaxValue,
        Asset = "/out/scènes/北京 \"1\"\\🛰.tif",
        AssetBytes = 3,
        Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ItemPath = "/out/scènes/北京 \"1\"\\🛰.json",
        ItemId = "scènes_北京 \"1\"\\🛰",
        Driver = "GTiff",
        MediaType = "image/tiff; application=geotiff",
        IsCog = true,
        CogProblems = ["band 2 is stored in 256x1 blocks, not 512x512 tiles", "ünïcode"],
        Compression = "DEFLATE",
        Width = 300,
        Height = 1,
        Epsg = 32660,
        Wkt2 = "PROJCRS[\"Sinusoïdal (MODIS)\",BASEGEOGCRS[\"Unknown\"]]",
        Transform = [463.312716528, 0, -20015109.354, 0, -463.312716528, 10007554.677],
        NativeBbox = [-20015109.354, 9914892.1336944, -19876115.539041597, 10007554.677],
        Bbox = [170, -10, -170, 10],
        Geometry = JsonNode.Parse("""{"type":"MultiPolygon","coordinates":[[[[170,-10],[180,-10],[180,10],[170,10],[170,-10]]],[[[-180,-10],[-170,-10],[-170,10],[-180,10],[-180,-10]]]]}""")!.AsObject(),
        NoFootprint = "GDAL placed only 2 of the 64 points of the raster's edge on Earth (gdaltransform to EPSG:4326).",
        Bands =
        [
            new RasterBandFacts("float32", double.NaN),
            new RasterBandFacts("float64", double.PositiveInfinity),
            new RasterBandFacts("cfloat64", double.NegativeInfinity),
            new RasterBandFacts("int16", -32768),
            new RasterBandFacts("float32", 1.5e-300),
            new RasterBandFacts("uint8", null),
        ],
        Datetime = new DateTimeOffset(1, 1, 1, 0, 0, 1, TimeSpan.Zero),
        ProcessedAt = new DateTimeOffset(2026, 12, 7, 8, 9, 10, TimeSpan.FromHours(-5)),
        Seconds = 0.0001,
        GdalSeconds = 12345.6789,
        GdalRuns = int.MaxValue,
        GdalHostStarts = 3,
        Reused = false,
    };

    /// <summary>Every optional field absent: no CRS, no georeferencing, no datetime, no bands, an empty asset, an inventory (no reused).</summary>
    private static RasterFacts Sparse => Full with
    {
        AssetBytes = 0,
        MediaType = null,
        IsCog = false,
        CogProblems = [],
        Compression = null,
        Epsg = null,
        Wkt2 = null,
        Transform = null,
        NativeBbox = null,
        Bbox = null,
        Geometry = null,
        NoFootprint = null,
        Bands = [],
        Datetime = null,
        GdalHostStarts = null,
        Reused = null,
    };

    public static TheoryData<string> Samples => new() { nameof(Full), nameof(Sparse) };

    private static RasterFacts Sample(string name) => name == nameof(Full) ? Full : Sparse;

    /// <summary>What the catalogue stage gets: the stored text of the result, parsed again.</summary>
    private static RasterFacts Stored(RasterFacts facts) =>
        RasterFacts.From(new StageResult("0123456789abcdef-s2-0", "0", 2, JsonNode.Parse(facts.ToJson().ToJsonString())));

    [Theory]
    [MemberData(nameof(Samples))]
    public void ToJson_ThenFrom_GivesEveryFieldBack(string sample)
    {
        var facts = Sample(sample);

        var read = Stored(facts);

        foreach (var property in typeof(RasterFacts).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var (written, back) = (property.GetValue(facts), property.GetValue(read));
            Assert.True(Same(written, back), $"{property.Name}: wrote {Show(written)}, read back {Show(back)}");
        }
    }

    [Fact]
    public void Full_SetsEveryField_SoTheRoundTripChecksThemAll()
    {
        // A field added to the record must be given a value here, or the round trip would not see it dropped.
        foreach (var property in typeof(RasterFacts).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var value = property.GetValue(Full);
            var unset = property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null
                ? Activator.CreateInstance(property.PropertyType)
                : null;
            Assert.False(Equals(value, unset), $"{property.Name} is left at its default in the full sample");
            if (value is ICollection { Count: 0 }) Assert.Fail($"{property.Name} is empty in the full sample");
        }
    }

    [Fact]
    public void ToJson_Times_AreUtcToTheSecondAndReadBackEqual()
    {
        var facts = Full with { ProcessedAt = new DateTimeOffset(2026, 12, 7, 8, 9, 10, 987, TimeSpan.FromHours(2)) };

        Assert.Equal("2026-12-07T06:09:10Z", facts.ToJson()["processed_at"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 9, 10, TimeSpan.Zero), Stored(facts).ProcessedAt);
        Assert.Equal(facts.ProcessedAt, Stored(facts).ProcessedAt);
    }

    [Fact]
    public void ToJson_Nodata_IsSpelledAsTheRasterExtensionAllows()
    {
        var bands = Full.ToJson()["bands"]!.AsArray();

        Assert.Equal(["\"nan\"", "\"inf\"", "\"-inf\"", "-32768", "1.5E-300"], bands.Take(5).Select(b => b!["nodata"]!.ToJsonString()));
        Assert.False(bands[5]!.AsObject().ContainsKey("nodata"));
    }

    /// <summary>What RasterFacts.ToJson wrote, key by key, before the facts were a record (the same observations as <see cref="Observation"/>).</summary>
    public static TheoryData<bool, string> StoredBefore => new()
    {
        { true, """{"source":"/data/sc\u00E8nes/\u5317\u4EAC 1.tif","source_bytes":123456789,"asset":"/out/sc\u00E8nes/\u5317\u4EAC 1.tif","bytes":23456789,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","item_path":"/out/sc\u00E8nes/\u5317\u4EAC 1.json","item_id":"sc\u00E8nes_\u5317\u4EAC 1","driver":"GTiff","media_type":"image/tiff; application=geotiff; profile=cloud-optimized","is_cog":true,"cog_problems":[],"compression":"DEFLATE","width":300,"height":200,"band_count":4,"epsg":null,"wkt2":"PROJCRS[\u0022Sinuso\u00EFdal (MODIS)\u0022,BASEGEOGCRS[\u0022Unknown\u0022]]","transform":[463.312716528,0,-20015109.354,0,-463.312716528,10007554.677],"native_bbox":[-20015109.354,9914892.1336944,-19876115.539041597,10007554.677],"bbox":[170.5,-10,179.25,10.125],"geometry":{"type":"Polygon","coordinates":[[[170.5,-10],[179.25,-10],[179.25,10.125],[170.5,10.125],[170.5,-10]]]},"no_footprint":null,"bands":[{"data_type":"float32","nodata":"nan"},{"data_type":"int16","nodata":-32768},{"data_type":"cfloat64","nodata":"-inf"},{"data_type":"uint8"}],"datetime":"2021-03-04T05:06:07Z","processed_at":"2026-12-07T06:09:10Z","compression_ratio":5.2632,"seconds":3.1235,"gdal_seconds":1.2504,"gdal_runs":2,"reused":false}""" },
        { false, """{"source":"/data/sc\u00E8nes/\u5317\u4EAC 1.tif","source_bytes":123456789,"asset":"/out/sc\u00E8nes/\u5317\u4EAC 1.tif","bytes":0,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","item_path":"/out/sc\u00E8nes/\u5317\u4EAC 1.json","item_id":"sc\u00E8nes_\u5317\u4EAC 1","driver":"AAIGrid","media_type":null,"is_cog":false,"cog_problems":["it has no bands"],"compression":null,"width":5,"height":7,"band_count":0,"epsg":null,"wkt2":null,"transform":null,"native_bbox":null,"bbox":null,"geometry":null,"no_footprint":"The raster has no georeferencing.","bands":[],"datetime":null,"processed_at":"2026-12-07T06:09:10Z","compression_ratio":null,"seconds":3.1235,"gdal_seconds":0,"gdal_runs":0}""" },
    };

    [Theory]
    [MemberData(nameof(StoredBefore))]
    public void ToJson_IsTheShapeResultsWereStoredInBefore(bool georeferenced, string before)
    {
        var json = Observation(georeferenced).ToFacts().ToJson();
        // Added since, after gdal_runs; the rest is the shape stored before, key for key.
        var keys = json.Select(p => p.Key).ToList();
        Assert.Equal(keys.IndexOf("gdal_runs") + 1, keys.IndexOf("gdal_host_starts"));
        Assert.Equal(georeferenced ? 1 : 0, json["gdal_host_starts"]!.GetValue<int>());
        json.Remove("gdal_host_starts");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before), json), json.ToJsonString());
        Assert.Equal(JsonNode.Parse(before)!.AsObject().Select(p => p.Key), json.Select(p => p.Key));
    }

    [Theory]
    [MemberData(nameof(StoredBefore))]
    public void From_ResultStoredBefore_ReadsBackTheSameFacts(bool georeferenced, string before)
    {
        var read = RasterFacts.From(new StageResult("0123456789abcdef-s2-0", "0", 2, JsonNode.Parse(before)));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(before), read.ToJson()));
        Assert.Equal(georeferenced ? 4 : 0, read.Bands.Count);
        Assert.Null(read.GdalHostStarts); // not counted then
        Assert.Equal("/data/scènes/北京 1.tif", read.Source);
    }

    [Fact]
    public void From_FieldMissing_IsAContractViolationNamingTheFieldAndTheTask()
    {
        var json = Full.ToJson();
        json.Remove("item_path");

        var e = Assert.Throws<ContractViolationException>(() => RasterFacts.From(new StageResult("0123456789abcdef-s2-7", "7", 2, json)));

        Assert.Contains("item_path", e.Message);
        Assert.Contains("0123456789abcdef-s2-7", e.Message);
    }

    [Fact]
    public void From_NodataNotANumberNorAStacName_IsAContractViolationQuotingIt()
    {
        var json = Full.ToJson();
        json["bands"]![0]!["nodata"] = "NaN";

        var e = Assert.Throws<ContractViolationException>(() => RasterFacts.From(new StageResult("0123456789abcdef-s2-7", "7", 2, json)));

        Assert.Contains("\"NaN\"", e.Message);
    }

    /// <summary>A raster as a task sees it: true for a georeferenced COG with odd nodata values and a CRS without EPSG code; false for a grid GDAL cannot place.</summary>
    private static RasterObservation Observation(bool georeferenced)
    {
        var clock = new GdalClock();
        clock.Add(new GdalRunResult("gdalinfo", "", "", [], TimeSpan.FromMilliseconds(250.25)));
        clock.Add(new GdalRunResult("gdal_translate", "", "", [], TimeSpan.FromMilliseconds(1000.123456)));
        clock.AddHostStart();
        var empty = new Dictionary<string, string>();
        var geometry = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[170.5,-10],[179.25,-10],[179.25,10.125],[170.5,10.125],[170.5,-10]]]}""")!.AsObject();
        var cog = new GdalInfo
        {
            Driver = "GTiff",
            Width = 300,
            Height = 200,
            Crs = new RasterCrs(null, "PROJCRS[\"Sinusoïdal (MODIS)\",BASEGEOGCRS[\"Unknown\"]]"),
            GeoTransform = new GeoTransform(-20015109.354, 463.312716528, 0, 10007554.677, 0, -463.312716528),
            Bands =
            [
                new GdalBand(1, "Float32", double.NaN, 256, 256, [(150, 100)]),
                new GdalBand(2, "Int16", -32768, 256, 256, [(150, 100)]),
                new GdalBand(3, "CFloat64", double.NegativeInfinity, 256, 256, [(150, 100)]),
                new GdalBand(4, "Byte", null, 256, 256, [(150, 100)]),
            ],
            Metadata = new Dictionary<string, string> { ["TIFFTAG_DATETIME"] = "2021:03:04 05:06:07" },
            ImageStructure = new Dictionary<string, string> { ["LAYOUT"] = "COG", ["COMPRESSION"] = "DEFLATE" },
            Imagery = empty,
        };
        var grid = new GdalInfo { Driver = "AAIGrid", Width = 5, Height = 7, Bands = [], Metadata = empty, ImageStructure = empty, Imagery = empty };
        var observation = new RasterObservation
        {
            Source = "/data/scènes/北京 1.tif",
            SourceBytes = 123456789,
            Asset = "/out/scènes/北京 1.tif",
            AssetBytes = 23456789,
            Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ItemPath = "/out/scènes/北京 1.json",
            ItemId = "scènes_北京 1",
            Info = cog,
            Placement = Placement.Of(new Footprint(geometry, [170.5, -10, 179.25, 10.125])),
            ProcessedAt = new DateTimeOffset(2026, 12, 7, 8, 9, 10, 987, TimeSpan.FromHours(2)),
            Elapsed = TimeSpan.FromTicks(31234567),
            Gdal = clock,
            Reused = false,
        };
        return georeferenced ? observation : observation with
        {
            Info = grid,
            Placement = Placement.None("The raster has no georeferencing."),
            Reused = null,
            AssetBytes = 0,
            Gdal = new GdalClock(),
        };
    }

    /// <summary>Equal as stored values: lists element by element, JSON by content, NaN equal to NaN.</summary>
    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (JsonNode x, JsonNode y) => JsonNode.DeepEquals(x, y),
        (string x, string y) => x == y,
        (IEnumerable x, IEnumerable y) => x.Cast<object?>().ToList() is var xs && y.Cast<object?>().ToList() is var ys
            && xs.Count == ys.Count && xs.Zip(ys).All(p => Same(p.First, p.Second)),
        _ => Equals(a, b),
    };

    private static string Show(object? value) => value switch
    {
        null => "null",
        JsonNode node => node.ToJsonString(),
        string s => s,
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Show)) + "]",
        _ => value.ToString() ?? "",
    };
}
