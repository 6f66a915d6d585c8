using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>Each test makes the pool its settings ask for; the bed's is left unused.</summary>
public sealed class GdalHostPoolLeaseTests() : GdalHostTestBed("gdal-host-lease", raster: "a.tif")
{
    [Fact]
    public async Task Session_ManyFiles_UsesOneHost()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1 });
        await using var session = await pool.OpenAsync(CancellationToken.None);
        var pid = session.HostProcessId;

        for (var i = 0; i < 50; i++)
        {
            var info = await session.InfoAsync(Raster, "a.tif", CancellationToken.None);
            Assert.Equal(16, info.Width);
            Assert.Equal(32633, info.Crs?.Epsg);
            Assert.Equal(pid, session.HostProcessId);
        }
        Assert.Equal(50, session.Clock.Runs);
        Assert.Equal(1, session.Clock.HostStarts);
        Assert.True(HostProcesses.IsAlive(pid));
    }

    [Fact]
    public async Task Session_ReusingAnIdleHost_CountsNoHostStart()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1 });
        int pid;
        await using (var first = await pool.OpenAsync(CancellationToken.None))
        {
            await first.InfoAsync(Raster, "a.tif", CancellationToken.None);
            Assert.Equal(1, first.Clock.HostStarts);
            pid = first.HostProcessId;
        }

        await using var second = await pool.OpenAsync(CancellationToken.None);
        await second.InfoAsync(Raster, "a.tif", CancellationToken.None);

        Assert.Equal(pid, second.HostProcessId);
        Assert.Equal((0, 1), (second.Clock.HostStarts, second.Clock.Runs));
    }

    [Fact]
    public async Task OpenAsync_MaxHostsBusy_WaitsThenGetsTheReturnedHost()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 2 });
        var first = await pool.OpenAsync(CancellationToken.None);
        await using var second = await pool.OpenAsync(CancellationToken.None);

        var third = pool.OpenAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);
        var firstPid = first.HostProcessId;
        await first.DisposeAsync();
        await using var session = await third;

        Assert.Equal(firstPid, session.HostProcessId);
        Assert.NotEqual(second.HostProcessId, session.HostProcessId);
    }

    [Fact]
    public async Task OpenAsync_WaitingAndCancelled_ThrowsOperationCanceled()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1 });
        await using var busy = await pool.OpenAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = pool.OpenAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task OpenAsync_EightLeasesTwoHosts_NoMoreThanTwoHostsAndTwoSessionsAtOnce()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 2 });
        var open = 0;
        var mostOpen = 0;
        var pids = new HashSet<int>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var session = await pool.OpenAsync(CancellationToken.None);
            var now = Interlocked.Increment(ref open);
            lock (pids)
            {
                pids.Add(session.HostProcessId);
                mostOpen = Math.Max(mostOpen, now);
            }
            for (var i = 0; i < 3; i++) await session.InfoAsync(Raster, "a.tif", CancellationToken.None);
            Interlocked.Decrement(ref open);
        })));

        Assert.InRange(mostOpen, 1, 2);
        Assert.InRange(pids.Count, 1, 2);
    }

    [Fact]
    public async Task DisposeAsync_HostsIdleAndLeased_LeavesNoHostAlive()
    {
        var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 2 });
        var idle = await pool.OpenAsync(CancellationToken.None);
        var leased = await pool.OpenAsync(CancellationToken.None);
        await idle.InfoAsync(Raster, "a.tif", CancellationToken.None);
        var pids = new[] { idle.HostProcessId, leased.HostProcessId };
        await idle.DisposeAsync();

        await pool.DisposeAsync();

        Assert.All(pids, pid => Assert.True(HostProcesses.IsGone(pid), $"host {pid} is still running"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.OpenAsync(CancellationToken.None));
        await leased.DisposeAsync();
    }

    [Fact]
    public void Constructor_MaxHostsZero_IsAConfigurationErrorNamingTheSetting()
    {
        var e = Assert.Throws<GeoConfigurationException>(() => new GdalHostPool(new GdalHostOptions { MaxHosts = 0 }));

        Assert.Contains("MaxHosts", e.Message);
    }
}
