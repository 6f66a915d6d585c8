using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal;

public sealed class GdalInfoReaderTests : IDisposable
{
    private readonly TempFolder _folder = new("gdalinfo");

    public void Dispose() => _folder.Dispose();

    private static Task<GdalInfo> Read(string path) => GdalInfoReader.ReadAsync(GdalRunner.Default, path, CancellationToken.None);

    [Fact]
    public async Task Read_ProjectedRaster_GivesSizeEpsgWktTransformBandsAndGdalsWgs84Corners()
    {
        var info = await Read(await TestRasters.Utm33Async(_folder.File("utm.tif")));

        Assert.Equal("GTiff", info.Driver);
        Assert.Equal((256, 256), (info.Width, info.Height));
        Assert.Equal(32633, info.Crs!.Epsg);
        Assert.StartsWith("PROJCRS[\"WGS 84 / UTM zone 33N\"", info.Crs.Wkt2);
        Assert.Equal([500000.0, 30, 0, 5000000, 0, -30], info.GeoTransform!.ToGdal());
        var band = Assert.Single(info.Bands);
        Assert.Equal(("Byte", (double?)null), (band.DataType, band.NoData));
        Assert.Equal(256, band.BlockWidth);
        Assert.NotEqual(256, band.BlockHeight); // strips, not tiles
        Assert.Empty(band.Overviews);
        Assert.Equal(5, info.Wgs84Extent!.Count);
        Assert.Equal(15.0, info.Wgs84Extent[0].Lon, 6);
        Assert.Equal(45.1534772, info.Wgs84Extent[0].Lat, 6);
        Assert.False(info.IsCog);
        Assert.True(info.IsGeoreferenced);
    }

    [Fact]
    public async Task Read_NegativeNodata_IsKeptNegative()
    {
        var info = await Read(await TestRasters.NegativeNodataAsync(_folder.File("neg.tif")));

        Assert.Equal(("Int16", (double?)-32768), (info.Bands[0].DataType, info.Bands[0].NoData));
        Assert.Equal(3035, info.Crs!.Epsg);
    }

    [Fact]
    public async Task Read_NanNodata_IsNaN()
    {
        var info = await Read(await TestRasters.NanNodataAsync(_folder.File("nan.tif")));

        Assert.Equal("Float32", info.Bands[0].DataType);
        Assert.True(double.IsNaN(info.Bands[0].NoData!.Value));
    }

    [Fact]
    public async Task Read_CrsWithoutEpsgCode_GivesTheWktAndNoCode()
    {
        var info = await Read(await TestRasters.SinusoidalAsync(_folder.File("sinu.tif")));

        Assert.Null(info.Crs!.Epsg);
        Assert.Contains("Sinusoidal", info.Crs.Wkt2);
    }

    [Fact]
    public async Task Read_Cog_ReportsTheLayoutTilesOverviewsAndCompression()
    {
        var info = await Read(await TestRasters.CogAsync(_folder.File("cog.tif")));

        Assert.True(info.IsCog);
        Assert.Equal("DEFLATE", info.Compression);
        Assert.Equal((128, 128), (info.Bands[0].BlockWidth, info.Bands[0].BlockHeight));
        Assert.Equal([(128, 128)], info.Bands[0].Overviews);
    }

    [Fact]
    public async Task Read_TiffDatetimeTag_IsTheRastersTimeInUtc()
    {
        var info = await Read(await TestRasters.RgbWithDatetimeAsync(_folder.File("rgb.tif")));

        Assert.Equal(new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero), info.Datetime);
        Assert.Equal(3, info.Bands.Count);
    }

    [Fact]
    public void Datetime_AcquisitionTime_WinsOverTheTiffTag_AndPlaceholdersCountAsAbsent()
    {
        GdalInfo With(Dictionary<string, string> metadata, Dictionary<string, string>? imagery = null) => new()
        {
            Driver = "GTiff", Width = 1, Height = 1, Bands = [],
            Metadata = metadata, ImageStructure = new Dictionary<string, string>(), Imagery = imagery ?? [],
        };

        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero),
            With(new() { ["TIFFTAG_DATETIME"] = "2021:03:04 05:06:07" }, new() { ["ACQUISITIONDATETIME"] = "2020-01-02T03:04:05Z" }).Datetime);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 1, 4, 5, TimeSpan.Zero),
            With(new() { ["ACQUISITIONDATETIME"] = "2020-01-02 03:04:05+02:00" }).Datetime);
        Assert.Null(With(new() { ["TIFFTAG_DATETIME"] = "0000:00:00 00:00:00" }).Datetime);
        Assert.Null(With([]).Datetime);
    }

    [Fact]
    public async Task Read_GcpOnlyRaster_HasGcpsAndTheirCrsButNoGeotransform()
    {
        var info = await Read(await TestRasters.GcpOnlyAsync(_folder.File("gcp.tif")));

        Assert.Null(info.GeoTransform);
        Assert.Null(info.Crs);
        Assert.Equal(4, info.GcpCount);
        Assert.Equal(4326, info.GcpCrs!.Epsg);
        Assert.True(info.IsGeoreferenced);
    }

    [Fact]
    public async Task Read_Ungeoreferenced_HasNoCrsTransformOrExtent()
    {
        var info = await Read(await TestRasters.UngeoreferencedAsync(_folder.File("plain.tif")));

        Assert.Null(info.Crs);
        Assert.Null(info.GeoTransform);
        Assert.Null(info.Wgs84Extent);
        Assert.False(info.IsGeoreferenced);
    }

    [Fact]
    public void ToStac_ReordersGdalsCoefficientsToRasteriosAffine()
    {
        var transform = GeoTransform.FromGdal([500000, 30, 0.5, 5000000, 0.25, -30]);

        Assert.Equal([30, 0.5, 500000, 0.25, -30, 5000000], transform.ToStac());
        Assert.Equal((500000 + 30 * 2 + 0.5 * 3, 5000000 + 0.25 * 2 - 30 * 3), transform.Apply(2, 3));
    }
}
