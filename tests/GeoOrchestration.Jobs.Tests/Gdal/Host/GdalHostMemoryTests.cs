using GeoOrchestration.Jobs.Gdal;
using Xunit.Abstractions;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>
/// Prints the memory of this process and its hosts after real work (a figure for the docs; nothing
/// timed or sized is asserted).
/// </summary>
public sealed class GdalHostMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int FilesPerHost = 100;
    private readonly TempFolder _folder = new("gdal-host-memory");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TwoHosts_HundredFilesEach_PrintsTheResidentSets()
    {
        var source = await TestRasters.Utm33Async(_folder.File("source.tif"), size: 256);
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 2 });
        await using var first = await pool.OpenAsync(CancellationToken.None);
        await using var second = await pool.OpenAsync(CancellationToken.None);
        var before = HostProcesses.ResidentBytes(Environment.ProcessId);

        await Task.WhenAll(ConvertAsync(first, source, "a"), ConvertAsync(second, source, "b"));

        var self = HostProcesses.ResidentBytes(Environment.ProcessId);
        var hosts = new[] { first.HostProcessId, second.HostProcessId }.Select(HostProcesses.ResidentBytes).ToList();
        output.WriteLine($"test process: {Mib(before)} before, {Mib(self)} after; hosts after {FilesPerHost} files each " +
            $"(translate to COG, info, transform): {string.Join(", ", hosts.Select(Mib))}; total {Mib(self + hosts.Sum())}");
        output.WriteLine($"GDAL time per file: {first.Clock.Elapsed.TotalMilliseconds / FilesPerHost:0.0} ms and " +
            $"{second.Clock.Elapsed.TotalMilliseconds / FilesPerHost:0.0} ms over {first.Clock.Runs} and {second.Clock.Runs} requests");
        Assert.Equal(3 * FilesPerHost, first.Clock.Runs);
        Assert.All(hosts, rss => Assert.True(rss > 0));
    }

    private async Task ConvertAsync(GdalSession session, string source, string prefix)
    {
        var pid = session.HostProcessId;
        for (var i = 0; i < FilesPerHost; i++)
        {
            var cog = _folder.File($"{prefix}{i}.tif");
            await session.TranslateAsync(source, cog, ["-of", "COG", "-co", "COMPRESS=DEFLATE"], cog, CancellationToken.None);
            await session.InfoAsync(cog, cog, CancellationToken.None);
            await session.TransformAsync(cog, "EPSG:4326", [(0, 0), (256, 256)], cog, CancellationToken.None);
        }
        Assert.Equal(pid, session.HostProcessId);
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";
}
