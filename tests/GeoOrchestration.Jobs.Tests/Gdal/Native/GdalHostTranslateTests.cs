using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Cog;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>
/// The host's translate and warp against gdal_translate and gdalwarp with the same arguments on the
/// same input: the files they write hold the same raster (gdalinfo -json -checksum of both, every
/// band and overview checksum, the COG layout, blocks and metadata).
/// </summary>
public sealed class GdalHostTranslateTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-host-translate");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> Conversions => new()
    {
        { "noise", "DEFLATE" },
        { "nan-nodata", "LZW" },
        { "rgb-datetime", "ZSTD" },
        { "gcp-only", "DEFLATE" },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public async Task Translate_ToCogWithTheJobsCreationOptions_WritesWhatGdalTranslateWrites(string raster, string compression)
    {
        var source = raster == "noise"
            ? await TestRasters.NoiseAsync(_folder.File("noise.tif"), 700)
            : await GdalHostInfoTests.MakeAsync(raster, _folder.File($"{raster}.tif"));
        string[] args = ["-q", "-of", "COG", .. JobOptions(compression), "-mo", $"{CogOptions.FingerprintKey}=abc"];
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Translate(source, _folder.File("host.tif"), args));
        await GdalRunner.Default.RunAsync(GdalTools.Translate, [.. args, source, _folder.File("tool.tif")], source, CancellationToken.None);

        Assert.True(response.Ok, string.Join(" ", response.Messages));
        Assert.Empty(response.Messages);
        var written = await ToolSide.ContentAsync(_folder.File("host.tif"));
        Assert.Equal(await ToolSide.ContentAsync(_folder.File("tool.tif")), written);
        Assert.Contains("\"LAYOUT\":\"COG\"", written);
        Assert.Contains("\"checksum\":", written);
        if (raster == "noise") Assert.Contains("\"overviews\":[{", written);
    }

    [Fact]
    public async Task WarpToVrtThenTranslate_AsTheConversionDoes_WritesWhatTheToolsWrite()
    {
        var source = await TestRasters.Utm33Async(_folder.File("utm.tif"), size: 300);
        string[] warp = ["-q", "-of", "VRT", "-t_srs", "EPSG:4326", "-r", "bilinear"];
        string[] translate = ["-q", "-of", "COG", .. JobOptions("DEFLATE")];
        await using var host = await RawGdalHost.StartAsync();

        var warped = await host.SendAsync(GdalHostRequests.Warp(source, _folder.File("host.vrt"), warp));
        var converted = await host.SendAsync(GdalHostRequests.Translate(_folder.File("host.vrt"), _folder.File("host.tif"), translate));
        await GdalRunner.Default.RunAsync(GdalTools.Warp, [.. warp, source, _folder.File("tool.vrt")], source, CancellationToken.None);
        await GdalRunner.Default.RunAsync(GdalTools.Translate, [.. translate, _folder.File("tool.vrt"), _folder.File("tool.tif")], source, CancellationToken.None);

        Assert.True(warped.Ok, string.Join(" ", warped.Messages));
        Assert.True(converted.Ok, string.Join(" ", converted.Messages));
        Assert.Equal(await ToolSide.ContentAsync(_folder.File("tool.vrt")), await ToolSide.ContentAsync(_folder.File("host.vrt")));
        var written = await ToolSide.ContentAsync(_folder.File("host.tif"));
        Assert.Equal(await ToolSide.ContentAsync(_folder.File("tool.tif")), written);
        Assert.Equal(4326, GdalInfoReader.Parse(
            (await GdalRunner.Default.RunAsync(GdalTools.Info, ["-json", _folder.File("host.tif")], "host.tif", CancellationToken.None)).StandardOutput,
            "host.tif").Crs?.Epsg);
    }

    [Fact]
    public async Task Translate_ManyFilesInOneHost_EachIsWrittenCompleteAndClosed()
    {
        // The host lives for hundreds of files: each result must be closed (finished) when its response comes, nothing kept open.
        var source = await TestRasters.Utm33Async(_folder.File("utm.tif"), size: 256);
        await using var host = await RawGdalHost.StartAsync();

        for (var i = 0; i < 20; i++)
        {
            var response = await host.SendAsync(GdalHostRequests.Translate(source, _folder.File($"out{i}.tif"), "-q", "-of", "COG"));
            Assert.True(response.Ok, string.Join(" ", response.Messages));
            File.Delete(_folder.File($"out{i}.tif"));
        }
        var open = Directory.GetFiles($"/proc/{host.Process.Id}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "").Where(t => t.StartsWith(_folder.Path, StringComparison.Ordinal));
        Assert.Empty(open);
    }

    /// <summary>The raster_to_cog job's creation options for <paramref name="compression"/> (its defaults otherwise).</summary>
    internal static IEnumerable<string> JobOptions(string compression) =>
        new CogOptions("source", "name", "item", "destination", compression, "AVERAGE", 256, null, false).CreationOptions();
}
