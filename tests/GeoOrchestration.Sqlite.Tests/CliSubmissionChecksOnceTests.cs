using System.Diagnostics;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// <c>geoorch submit</c> and <c>geoorch run</c> check a submission once (GeoClient.PrepareSubmission):
/// a raster submission asks GDAL what its COG driver supports once, not once per front-end step.
/// Counted from outside with strace(1): the <c>creation_options</c> requests geoorch writes to its
/// GDAL hosts' stdin (one JSON line each, one write(2)).
/// </summary>
// strace, Linux's.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CliSubmissionChecksOnceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("geoorch-checks-once-");

    public void Dispose() => _folder.Delete(recursive: true);

    private Dictionary<string, string?> Environment => new()
    {
        ["GEO_CONNECTION"] = $"sqlite:{Path.Combine(_folder.FullName, "geo.db")}",
    };

    private async Task<Geoorch.Result> GeoorchAsync(int expectedExit, params string[] arguments)
    {
        var result = await Geoorch.RunAsync(arguments, Environment, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == expectedExit, $"geoorch {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }

    /// <summary>Runs geoorch under strace; how many times it asked a GDAL host for a driver's creation options.</summary>
    private async Task<(int Questions, string Stdout)> CreationOptionQuestionsAsync(int expectedExit, params string[] arguments)
    {
        var trace = Path.Combine(_folder.FullName, $"trace-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo("strace") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-f", "--seccomp-bpf", "-e", "trace=write", "-s", "256", "-o", trace, "dotnet", Geoorch.Executable, .. arguments])
            start.ArgumentList.Add(argument);
        foreach (var variable in new[] { "GEO_CONNECTION", "GEO_SCHEMA", "GEO_SERVICEBUS", "GEO_CONCURRENCY" }) start.Environment.Remove(variable);
        start.Environment["XDG_DATA_HOME"] = Geoorch.DataHome;
        foreach (var (key, value) in Environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == expectedExit, $"geoorch {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        var writes = await File.ReadAllLinesAsync(trace);
        Assert.Contains(writes, w => w.Contains("\\\"type\\\":\\\"hello\\\"", StringComparison.Ordinal)); // a host did start under the trace
        return (writes.Count(w => w.Contains("\\\"op\\\":\\\"creation_options\\\"", StringComparison.Ordinal)), await stdout);
    }

    [Fact]
    public async Task SubmitAndRun_RasterToCog_AskGdalOnceEach()
    {
        var input = Directory.CreateDirectory(Path.Combine(_folder.FullName, "in")).FullName;
        var raster = Path.Combine(input, "one.tif");
        await GdalRunner.Default.RunAsync("gdal_create", ["-q", "-of", "GTiff", "-outsize", "16", "16", "-ot", "Byte", "-burn", "1",
            "-a_srs", "EPSG:32633", "-a_ullr", "500000", "5000000", "500160", "4999840", raster], raster, CancellationToken.None);
        string[] job = ["raster_to_cog", "-p", $"source={input}", "-p", $"destination={Path.Combine(_folder.FullName, "out")}"];
        await GeoorchAsync(0, "schema", "deploy");

        var (atSubmit, submitted) = await CreationOptionQuestionsAsync(0, ["submit", .. job, "-o", "json"]);
        // Ended, so the run below starts no worker: every question it asks GDAL is its submission's.
        await GeoorchAsync(0, "job", "cancel", System.Text.Json.Nodes.JsonNode.Parse(submitted)!["jobId"]!.GetValue<string>());
        var (atRun, _) = await CreationOptionQuestionsAsync(6, ["run", .. job]);

        Assert.Equal((1, 1), (atSubmit, atRun));
    }
}
