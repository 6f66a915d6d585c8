using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Footprints;

namespace GeoOrchestration.Jobs.Tests.Raster;

public sealed class FootprintTests : IDisposable
{
    private readonly TempFolder _folder = new("footprint");

    public void Dispose() => _folder.Dispose();

    private static async Task<(Footprint? Footprint, GdalInfo Info)> Read(string path)
    {
        await using var gdal = await GdalHostPool.Shared.OpenAsync(CancellationToken.None);
        var info = await gdal.InfoAsync(path, path, CancellationToken.None);
        return ((await FootprintReader.ReadAsync(gdal, path, info, path, CancellationToken.None)).Footprint, info);
    }

    [Fact]
    public async Task Read_ProjectedRaster_IsOneCounterClockwisePolygonHoldingGdalsCorners()
    {
        var (footprint, info) = await Read(await TestRasters.Utm33Async(_folder.File("utm.tif")));

        Assert.Equal("Polygon", footprint!.Geometry["type"]!.GetValue<string>());
        var ring = GeoJsonAssert.Rings(footprint.Geometry).Single();
        Assert.Equal(FootprintReader.PointsPerEdge * 4 + 1, ring.Count);
        Assert.Equal(ring[0], ring[^1]);
        Assert.True(SignedArea(ring) > 0);
        Assert.All(info.Wgs84Extent!, corner => GeoJsonAssert.AssertInside(footprint.Bbox, corner));
        Assert.False(footprint.CrossesAntimeridian);
    }

    [Fact]
    public async Task Read_GeographicRasterFrom170To190_SplitsAtTheAntimeridian()
    {
        var (footprint, _) = await Read(await TestRasters.AntimeridianAsync(_folder.File("am.tif")));

        Assert.Equal("MultiPolygon", footprint!.Geometry["type"]!.GetValue<string>());
        Assert.Equal([170, -10, -170, 10], footprint.Bbox);
        var parts = footprint.Geometry["coordinates"]!.AsArray().Select(p => p!.AsArray()[0]!.AsArray().Select(GeoJsonAssert.Point).ToList()).ToList();
        Assert.Equal(2, parts.Count);
        Assert.All(parts[0], p => Assert.InRange(p.Lon, 170, 180));
        Assert.All(parts[1], p => Assert.InRange(p.Lon, -180, -170));
        Assert.Contains(parts[0], p => p.Lon == 180);
        Assert.Contains(parts[1], p => p.Lon == -180);
        Assert.All(parts, part => Assert.True(SignedArea(part) > 0));
    }

    [Fact]
    public async Task Read_ProjectedRasterAcrossTheAntimeridian_HasWestGreaterThanEastAndHoldsGdalsCorners()
    {
        var (footprint, info) = await Read(await TestRasters.AntimeridianUtmAsync(_folder.File("utm60.tif")));

        Assert.Equal("MultiPolygon", footprint!.Geometry["type"]!.GetValue<string>());
        Assert.True(footprint.CrossesAntimeridian);
        Assert.InRange(footprint.Bbox[0], 174, 175.0177);
        Assert.InRange(footprint.Bbox[2], -177.071, -176);
        Assert.All(info.Wgs84Extent!, corner => GeoJsonAssert.AssertInside(footprint.Bbox, corner));
    }

    [Fact]
    public async Task Read_RasterAroundTheNorthPole_ReachesThePoleAcrossAllLongitudes()
    {
        var (footprint, info) = await Read(await TestRasters.NorthPoleAsync(_folder.File("pole.tif")));

        Assert.Equal("Polygon", footprint!.Geometry["type"]!.GetValue<string>());
        Assert.Equal([-180, 90], new[] { footprint.Bbox[0], footprint.Bbox[3] });
        Assert.Equal(180, footprint.Bbox[2]);
        // The corners are the raster's farthest points from the pole; GDAL's four-corner ring says so too.
        Assert.Equal(info.Wgs84Extent!.Min(c => c.Lat), footprint.Bbox[1], 5);
        var ring = GeoJsonAssert.Rings(footprint.Geometry).Single();
        Assert.Contains(ring, p => p.Lat == 90);
        Assert.True(SignedArea(ring) > 0);
    }

    [Fact]
    public void FromOutline_AroundTheSouthPole_ReachesMinus90()
    {
        var outline = Enumerable.Range(0, 36).Select(i => (Lon: 180 - i * 10.0, Lat: -70.0)).ToList();

        var footprint = FootprintBuilder.FromOutline(outline)!;

        Assert.Equal([-180, -90, 180, -70], footprint.Bbox);
        Assert.True(SignedArea(GeoJsonAssert.Rings(footprint.Geometry).Single()) > 0);
    }

    [Fact]
    public void FromOutline_LongitudesFrom0To360_CoverAllLongitudes()
    {
        var outline = new List<(double, double)>();
        for (var i = 0; i <= 16; i++) outline.Add((i * 22.5, 90));
        for (var i = 0; i <= 16; i++) outline.Add((360, 90 - i * 11.25));
        for (var i = 0; i <= 16; i++) outline.Add((360 - i * 22.5, -90));
        for (var i = 0; i <= 16; i++) outline.Add((0, -90 + i * 11.25));

        var footprint = FootprintBuilder.FromOutline(outline)!;

        Assert.Equal([-180, -90, 180, 90], footprint.Bbox);
        Assert.Equal("Polygon", footprint.Geometry["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_GcpOnlyRaster_IsPlacedByItsGcps()
    {
        var (footprint, _) = await Read(await TestRasters.GcpOnlyAsync(_folder.File("gcp.tif")));

        Assert.Equal(10, footprint!.Bbox[0], 6);
        Assert.Equal(49, footprint.Bbox[1], 6);
        Assert.Equal(11, footprint.Bbox[2], 6);
        Assert.Equal(50, footprint.Bbox[3], 6);
    }

    [Fact]
    public async Task Read_Ungeoreferenced_HasNoFootprint()
    {
        var (footprint, _) = await Read(await TestRasters.UngeoreferencedAsync(_folder.File("plain.tif")));

        Assert.Null(footprint);
    }

    internal static double SignedArea(IReadOnlyList<(double Lon, double Lat)> ring) =>
        Enumerable.Range(0, ring.Count - 1).Sum(i => ring[i].Lon * ring[i + 1].Lat - ring[i + 1].Lon * ring[i].Lat);
}
