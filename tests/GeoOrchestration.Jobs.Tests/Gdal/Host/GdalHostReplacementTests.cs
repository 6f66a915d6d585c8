using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>Each test makes the pool its settings ask for; the bed's is left unused.</summary>
public sealed class GdalHostReplacementTests() : GdalHostTestBed("gdal-host-replace", raster: "a.tif")
{
    [Fact]
    public async Task Sessions_MaxFilesPerHostReached_HostIsReplaced()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1, MaxFilesPerHost = 3 });

        var pids = new List<int>();
        for (var i = 0; i < 7; i++) pids.Add(await InfoInSessionAsync(pool));

        Assert.Equal(pids[0], pids[1]);
        Assert.Equal(pids[0], pids[2]);
        Assert.NotEqual(pids[2], pids[3]);
        Assert.Equal(pids[3], pids[5]);
        Assert.NotEqual(pids[5], pids[6]);
        Assert.True(HostProcesses.IsGone(pids[0]), "the worn-out host still runs");
    }

    [Fact]
    public async Task Sessions_HostAboveMemoryCeiling_HostIsReplacedWhenTheSessionEnds()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1, MemoryCeilingBytes = 1 });

        var first = await InfoInSessionAsync(pool);
        var second = await InfoInSessionAsync(pool);

        Assert.NotEqual(first, second);
        Assert.True(HostProcesses.IsGone(first), "the host above the ceiling still runs");
    }

    [Fact]
    public async Task Sessions_BelowMemoryCeiling_HostIsKept()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1, MemoryCeilingBytes = 64L << 30 });

        Assert.Equal(await InfoInSessionAsync(pool), await InfoInSessionAsync(pool));
    }

    [Fact]
    public async Task IdleHost_PastIdleTimeout_IsStopped()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1, IdleTimeout = TimeSpan.FromMilliseconds(200) });

        var pid = await InfoInSessionAsync(pool);

        await Eventually.TrueAsync(() => Task.FromResult(HostProcesses.IsGone(pid)));
        Assert.NotEqual(pid, await InfoInSessionAsync(pool));
    }

    private async Task<int> InfoInSessionAsync(GdalHostPool pool)
    {
        await using var session = await pool.OpenAsync(CancellationToken.None);
        await session.InfoAsync(Raster, "a.tif", CancellationToken.None);
        return session.HostProcessId;
    }
}
