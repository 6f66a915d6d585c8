using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

public sealed class GdalHostCrashTests() : GdalHostTestBed("gdal-host-crash", raster: "small.tif")
{
    [Fact]
    public async Task TranslateAsync_HostKilledMidway_FailsTransientlyNamingTheFileAndSignal_OthersUntouched()
    {
        await using var bystander = await Pool.OpenAsync(CancellationToken.None);
        var bystanderPid = bystander.HostProcessId;
        var source = HostProcesses.WriteHugeVrt(Folder.File("huge.vrt"), 60000, Raster);
        var destination = Folder.File("huge.tif");
        var victim = await Pool.OpenAsync(CancellationToken.None);
        var victimPid = victim.HostProcessId;

        var translating = victim.TranslateAsync(source, destination, ["-of", "GTiff", "-co", "COMPRESS=DEFLATE", "-co", "ZLEVEL=9"],
            "huge.vrt", CancellationToken.None);
        // GDAL creates the destination as it starts writing: the host is inside GDALTranslate then.
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(destination) || translating.IsCompleted));
        Assert.False(translating.IsCompleted, "the translate ended before the host could be killed");
        HostProcesses.KillHard(victimPid);

        var e = await Assert.ThrowsAsync<GdalTransientException>(() => translating);
        Assert.Contains($"GDAL host (pid {victimPid}) died with signal 9 (SIGKILL) while running GDALTranslate on huge.vrt", e.Message);
        Assert.Equal(137, e.ExitCode);
        Assert.Equal(0, victim.HostProcessId);

        // The same session carries on with a new host; so does a new session after it.
        var again = await victim.InfoAsync(Raster, "small.tif", CancellationToken.None);
        Assert.Equal(16, again.Width);
        Assert.NotEqual(victimPid, victim.HostProcessId);
        Assert.Equal(2, victim.Clock.HostStarts); // its lease's host, and the one replacing it
        await victim.DisposeAsync();
        await using var next = await Pool.OpenAsync(CancellationToken.None);
        Assert.NotEqual(victimPid, next.HostProcessId);
        Assert.Equal(16, (await next.InfoAsync(Raster, "small.tif", CancellationToken.None)).Width);
        Assert.Equal(0, next.Clock.HostStarts); // the replacement, handed back idle, reused

        Assert.True(HostProcesses.IsAlive(bystanderPid));
        Assert.Equal(bystanderPid, bystander.HostProcessId);
        Assert.Equal(16, (await bystander.InfoAsync(Raster, "small.tif", CancellationToken.None)).Width);
    }

    [Fact]
    public async Task InfoAsync_CancelledWhileGdalHangs_KillsTheHostAndThrowsOperationCanceled()
    {
        var fifo = HostProcesses.MakeFifo(Folder.File("hang.tif"));
        await using var session = await Pool.OpenAsync(CancellationToken.None);
        var pid = session.HostProcessId;
        using var cancel = new CancellationTokenSource();

        var hanging = session.InfoAsync(fifo, "hang.tif", cancel.Token);
        // Nobody writes to the FIFO: GDALOpen blocks for ever, so the call cannot have ended.
        await Task.WhenAny(hanging, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.False(hanging.IsCompleted);
        await cancel.CancelAsync();

        // The bound only turns a cancellation that never lands into a failure rather than a hung run.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.True(HostProcesses.IsGone(pid), $"host {pid} still runs after the cancelled call returned");
        Assert.Equal(16, (await session.InfoAsync(Raster, "small.tif", CancellationToken.None)).Width);
        Assert.NotEqual(pid, session.HostProcessId);
    }

    [Fact]
    public async Task InfoAsync_HostKilledBetweenCalls_NextCallFailsTransientlyThenTheOneAfterWorks()
    {
        await using var session = await Pool.OpenAsync(CancellationToken.None);
        var pid = session.HostProcessId;
        HostProcesses.KillHard(pid);
        await Eventually.TrueAsync(() => Task.FromResult(HostProcesses.IsGone(pid)));

        var e = await Assert.ThrowsAsync<GdalTransientException>(() => session.InfoAsync(Raster, "small.tif", CancellationToken.None));

        Assert.Contains("SIGKILL", e.Message);
        Assert.Contains("GDALInfo on small.tif", e.Message);
        Assert.Equal(16, (await session.InfoAsync(Raster, "small.tif", CancellationToken.None)).Width);
    }
}
