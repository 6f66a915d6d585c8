using System.Text.RegularExpressions;
using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// `geoorch bench raster` end to end on tiny inputs: it makes its rasters, converts them with the one-liner and with
/// raster_to_cog, prints every figure's line from real runs, and leaves nothing behind (neither its folder nor the
/// configured store, which it never opens). Speed itself is never asserted.
/// </summary>
public sealed class RasterBenchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-bench-raster-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string?> Environment => new() { ["GEO_CONNECTION"] = $"sqlite:{Path.Combine(_folder, "geo.db")}" };

    private const string Number = @"[0-9]+(\.[0-9]+)?";

    [Fact]
    public async Task TinyRun_PrintsEveryFiguresLine_AndRemovesItsFolder()
    {
        var result = await Geoorch.RunAsync(["bench", "raster", "--small-count", "2", "--small-size", "64", "--large-count", "1", "--large-size", "128",
            "--runs", "1", "--concurrency", "1,2", "--folder", _folder], Environment, TimeSpan.FromMinutes(5));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        void Line(string pattern) => Assert.True(lines.Any(l => Regex.IsMatch(l, pattern)), $"no line matches {pattern}:\n{result.Stdout}\n{result.Stderr}");
        Line($@"^bench raster: 2 x 64x64 and 1 x 128x128 on [0-9]+ cores, median of 1 interleaved runs; load average ");
        Line(@"^one-liner: ls \*\.tif \| xargs -P[0-9]+ -I\{\} gdal_translate -q -of COG -co COMPRESS=DEFLATE -co BLOCKSIZE=512 -co OVERVIEW_RESAMPLING=NEAREST -co BIGTIFF=IF_SAFER -co PREDICTOR=YES \{\} ");
        foreach (var (label, files) in new[] { ("64x64", 2), ("128x128", 1) })
        {
            Line($@"^{label} \({files} files\): one-liner {Number} s \({Number} files/s\), raster_to_cog {Number} s \({Number} files/s\), job/one-liner {Number}$");
            Line($@"^{label} raster_to_cog files/s by worker concurrency \(median of 1\): 1: {Number}, 2: {Number}$");
            Line($@"^{label} time outside GDAL: {Number}% of the convert tasks' time \({Number} s of {Number} s over 1 runs\); job wall time outside the convert stage {Number} s of {Number} s \({Number}%\)$");
            Line($@"^{label} peak RSS while raster_to_cog ran: [1-9][0-9]* MB with child processes \([0-9]+ at the peak\)$");
        }
        Line(@"^peak RSS of this process: [1-9][0-9]* MB$");
        Assert.Contains("warm-up on 2 files (not counted)", result.Stderr);
        Assert.True(Directory.GetFileSystemEntries(_folder).Length == 0, $"left behind: {string.Join(", ", Directory.GetFileSystemEntries(_folder))}");
    }

    [Theory]
    [InlineData("--concurrency", "1,x", "'--concurrency' must be a comma-separated list")]
    [InlineData("--concurrency", "0", "'--concurrency' must be a comma-separated list")]
    [InlineData("--runs", "0", "'--runs' must be between 1 and 20")]
    [InlineData("--small-size", "8", "'--small-size' must be between 16 and 16384")]
    public async Task BadSetting_IsRefusedWithExit2NamingIt_AndNothingIsMade(string option, string value, string expected)
    {
        var result = await Geoorch.RunAsync(["bench", "raster", option, value, "--folder", _folder], Environment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }
}
