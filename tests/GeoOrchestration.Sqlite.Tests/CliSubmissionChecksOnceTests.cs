using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// <c>geoorch submit</c> and <c>geoorch run</c> check a submission once (GeoClient.PrepareSubmission):
/// a raster submission asks GDAL what its COG driver supports once, not once per front-end step.
/// Counted with a <c>gdalinfo</c> first on PATH that notes each <c>--format</c> question and hands
/// it to the real one.
/// </summary>
// A shell script stands in for gdalinfo.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliSubmissionChecksOnceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geoorch-checks-once-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Probes => Path.Combine(_folder.FullName, "probes.txt");

    private int ProbeCount => File.Exists(Probes) ? File.ReadAllLines(Probes).Length : 0;

    private Dictionary<string, string?> Environment => new()
    {
        ["GEO_CONNECTION"] = $"sqlite:{Path.Combine(_folder.FullName, "geo.db")}",
        ["PATH"] = $"{Path.Combine(_folder.FullName, "bin")}:{System.Environment.GetEnvironmentVariable("PATH")}",
    };

    private async Task<Geoorch.Result> GeoorchAsync(int expectedExit, params string[] arguments)
    {
        var result = await Geoorch.RunAsync(arguments, Environment, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == expectedExit, $"geoorch {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }

    [Fact]
    public async Task SubmitAndRun_RasterToCog_AskGdalOnceEach()
    {
        var gdalinfo = GdalRunner.Default.Locate(GdalTools.Info);
        var bin = Directory.CreateDirectory(Path.Combine(_folder.FullName, "bin")).FullName;
        var wrapper = Path.Combine(bin, "gdalinfo");
        await File.WriteAllTextAsync(wrapper,
            $"#!/bin/sh\nif [ \"$1\" = \"--format\" ]; then echo \"$*\" >> '{Probes}'; fi\nexec '{gdalinfo}' \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var input = Directory.CreateDirectory(Path.Combine(_folder.FullName, "in")).FullName;
        var raster = Path.Combine(input, "one.tif");
        await GdalRunner.Default.RunAsync("gdal_create", ["-q", "-of", "GTiff", "-outsize", "16", "16", "-ot", "Byte", "-burn", "1",
            "-a_srs", "EPSG:32633", "-a_ullr", "500000", "5000000", "500160", "4999840", raster], raster, CancellationToken.None);
        string[] job = ["raster_to_cog", "-p", $"source={input}", "-p", $"destination={Path.Combine(_folder.FullName, "out")}"];
        await GeoorchAsync(0, "schema", "deploy");

        var submitted = await GeoorchAsync(0, ["submit", .. job, "-o", "json"]);
        var afterSubmit = ProbeCount;
        // Ended, so the run below starts no worker: every question it asks GDAL is its submission's.
        await GeoorchAsync(0, "job", "cancel", submitted.Json["jobId"]!.GetValue<string>());
        await GeoorchAsync(6, ["run", .. job]);
        var afterRun = ProbeCount;

        Assert.Equal((1, 1), (afterSubmit, afterRun - afterSubmit));
    }
}
