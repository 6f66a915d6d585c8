using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;
using GeoOrchestration.Jobs.Raster.Footprints;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>
/// The host's transform against gdaltransform -t_srs EPSG:4326 on the 64 points of a footprint's
/// outline: the same longitude/latitude within 1e-9 (gdaltransform prints 15 significant digits),
/// the same points failed, and the same refusal for a CRS PROJ cannot take to WGS84.
/// </summary>
public sealed class GdalHostTransformTests : IDisposable
{
    private const double Tolerance = 1e-9;

    private readonly TempFolder _folder = new("gdal-host-transform");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Placeable => new() { "utm33", "gcp-only", "antimeridian-utm", "north-pole", "sinusoidal", "orthographic" };

    [Theory]
    [MemberData(nameof(Placeable))]
    public async Task Transform_OutlineToWgs84_IsWhatGdaltransformPrints(string raster)
    {
        var path = raster == "orthographic"
            ? await OrthographicAsync(_folder.File("ortho.tif"))
            : await GdalHostInfoTests.MakeAsync(raster, _folder.File($"{raster}.tif"));
        var info = GdalInfoReader.Parse((await GdalRunner.Default.RunAsync(GdalTools.Info, ["-json", path], path, CancellationToken.None)).StandardOutput, path);
        var outline = FootprintReader.Outline(info.Width, info.Height).ToList();
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Transform(path, "EPSG:4326", outline));
        var expected = await ToolSide.TransformAsync(path, "EPSG:4326", outline);

        Assert.True(response.Ok, string.Join(" ", response.Messages));
        var actual = response.ResultAs<GdalHostTransformResult>().Points;
        Assert.Equal(64, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] is not { } e)
            {
                Assert.Null(actual[i]);
                continue;
            }
            Assert.NotNull(actual[i]);
            Assert.True(Math.Abs(e.X - actual[i]![0]) <= Tolerance && Math.Abs(e.Y - actual[i]![1]) <= Tolerance,
                $"point {i} {outline[i]}: gdaltransform {e}, host ({actual[i]![0]}, {actual[i]![1]})");
        }
        if (raster == "orthographic")
        {
            // The raster reaches past the visible hemisphere: its corners cannot be placed, its edges' middles can.
            Assert.Contains(null, actual);
            Assert.Contains(actual, p => p is not null);
        }
    }

    [Theory]
    [InlineData("mars")]
    [InlineData("mars-gcp")]
    public async Task Transform_CrsProjCannotTakeToWgs84_FailsWithGdaltransformsErrors(string raster)
    {
        var path = await GdalHostInfoTests.MakeAsync(raster, _folder.File($"{raster}.tif"));
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Transform(path, "EPSG:4326", [(0, 0), (10, 10)]));
        var tool = await ToolSide.FailureAsync(GdalTools.Transform, ["-t_srs", "EPSG:4326", path], path);

        Assert.False(response.Ok);
        Assert.False(response.Usage);
        Assert.Null(response.Result);
        Assert.Contains(response.Messages, m => m.Error && m.Text.Contains("Source and target ellipsoid do not belong to the same celestial body"));
        Assert.Equal(tool.Where(m => m.IsError).Select(m => m.Number), response.Messages.Where(m => m.Error).Select(m => m.Number));
    }

    [Fact]
    public async Task Transform_NoGeoreferencing_FailsAndTheHostAnswersTheNextRequest()
    {
        var path = await TestRasters.UngeoreferencedAsync(_folder.File("plain.tif"));
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Transform(path, "EPSG:4326", [(0, 0)]));
        var next = await host.SendAsync(GdalHostRequests.Info(path));

        Assert.False(response.Ok);
        Assert.Contains(response.Messages, m => m.Error);
        Assert.True(next.Ok);
    }

    /// <summary>
    /// 100x100 Byte in an orthographic projection (the Earth seen from space, centred on 0°N 0°E,
    /// a sphere of 6371 km) spanning 10000 km: its corners (7071 km from the centre) lie off the
    /// globe, where the inverse projection has no answer; the middles of its edges (5000 km) do not.
    /// </summary>
    private static async Task<string> OrthographicAsync(string path)
    {
        await GdalRunner.Default.RunAsync("gdal_create", ["-q", "-of", "GTiff", "-outsize", "100", "100", "-bands", "1", "-ot", "Byte",
            "-burn", "5", "-a_srs", "+proj=ortho +lat_0=0 +lon_0=0 +R=6371000 +units=m +no_defs",
            "-a_ullr", "-5000000", "5000000", "5000000", "-5000000", path], path, CancellationToken.None);
        return path;
    }
}
