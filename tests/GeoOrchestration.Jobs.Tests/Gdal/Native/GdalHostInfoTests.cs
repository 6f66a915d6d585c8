using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>
/// The host's info against gdalinfo on the same files: GDALInfo in the host must print exactly what
/// the tool prints (the worker parses both with the same reader), byte for byte.
/// </summary>
public sealed class GdalHostInfoTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-host-info");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> Rasters => new() { "utm33", "nan-nodata", "gcp-only", "mars", "cog", "rgb-datetime", "ungeoreferenced" };

    [Theory]
    [MemberData(nameof(Rasters))]
    public async Task Info_TestRaster_IsExactlyWhatGdalinfoPrints(string raster)
    {
        var path = await MakeAsync(raster, _folder.File($"{raster} in a folder", $"{raster}.tif"));
        await using var host = await RawGdalHost.StartAsync();

        var response = await host.SendAsync(GdalHostRequests.Info(path));
        var tool = await GdalRunner.Default.RunAsync(GdalTools.Info, [.. GdalHostRequests.InfoArguments, path], path, CancellationToken.None);

        Assert.True(response.Ok, string.Join(" ", response.Messages));
        var json = response.ResultAs<GdalHostInfoResult>().Json;
        Assert.Equal(tool.StandardOutput, json);
        Assert.Equal(GdalInfoReader.Parse(tool.StandardOutput, path).Width, GdalInfoReader.Parse(json, path).Width);
        Assert.Equal(tool.Messages, response.Messages.Select(m => m.ToGdalMessage()));
    }

    [Fact]
    public async Task Hello_AfterLoadingGdal_NamesTheVersionTheLibraryAndThePid()
    {
        await using var host = await RawGdalHost.StartAsync();
        var version = await GdalRunner.Default.RunAsync(GdalTools.Info, ["--version"], "version", CancellationToken.None);

        Assert.True(host.Hello.Ok);
        Assert.Equal(GdalHostHello.HelloType, host.Hello.Type);
        Assert.Equal(host.Process.Id, host.Hello.Pid);
        Assert.StartsWith("libgdal", host.Hello.Library);
        // gdalinfo --version: "GDAL 3.6.2, released 2023/01/02".
        Assert.StartsWith($"GDAL {host.Hello.Gdal},", version.StandardOutput);
        Assert.Equal(0, await host.StopAsync());
    }

    internal static Task<string> MakeAsync(string raster, string path) => raster switch
    {
        "utm33" => TestRasters.Utm33Async(path),
        "nan-nodata" => TestRasters.NanNodataAsync(path),
        "gcp-only" => TestRasters.GcpOnlyAsync(path),
        "mars" => TestRasters.MarsAsync(path),
        "mars-gcp" => TestRasters.MarsGcpAsync(path),
        "cog" => TestRasters.CogAsync(path),
        "rgb-datetime" => TestRasters.RgbWithDatetimeAsync(path),
        "ungeoreferenced" => TestRasters.UngeoreferencedAsync(path),
        "antimeridian-utm" => TestRasters.AntimeridianUtmAsync(path),
        "north-pole" => TestRasters.NorthPoleAsync(path),
        "sinusoidal" => TestRasters.SinusoidalAsync(path),
        _ => throw new ArgumentOutOfRangeException(nameof(raster), raster, null),
    };
}
