using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

public sealed class GdalHostNotFoundTests : IDisposable
{
    private readonly TempFolder _folder = new("gdal-host-missing");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OpenAsync_LibraryNowhere_IsTheGdalNotFoundConfigurationError()
    {
        var nowhere = _folder.File("no", "libgdal.so.99");
        await using var pool = new GdalHostPool(new GdalHostOptions
        {
            Environment = new Dictionary<string, string> { ["GEO_GDAL_LIBRARY"] = nowhere },
        });

        var e = await Assert.ThrowsAsync<GeoConfigurationException>(() => pool.OpenAsync(CancellationToken.None));

        Assert.Equal(GdalFailure.NotFoundId, e.ErrorId);
        Assert.Contains("GDAL is not installed here", e.Message);
        Assert.Contains("apt-get install gdal-bin", e.Message);
        Assert.Contains(nowhere, e.Message);
    }

    [Fact]
    public async Task EnsureAvailable_LibraryNowhere_IsTheGdalNotFoundConfigurationError()
    {
        var nowhere = _folder.File("no", "libgdal.so.99");
        await using var pool = new GdalHostPool(new GdalHostOptions
        {
            Environment = new Dictionary<string, string> { ["GEO_GDAL_LIBRARY"] = nowhere },
        });

        var e = Assert.Throws<GeoConfigurationException>(pool.EnsureAvailable);

        Assert.Equal(GdalFailure.NotFoundId, e.ErrorId);
        Assert.Contains(nowhere, e.Message);
    }

    [Fact]
    public async Task EnsureAvailable_Installed_ReturnsAndKeepsItsHostForTheNextLease()
    {
        await using var pool = new GdalHostPool(new GdalHostOptions { MaxHosts = 1 });

        pool.EnsureAvailable();
        pool.EnsureAvailable();

        await using var session = await pool.OpenAsync(CancellationToken.None);
        Assert.True(HostProcesses.IsAlive(session.HostProcessId));
    }

    [Fact]
    public async Task OpenAsync_HostProgramMissing_IsTheGdalNotFoundConfigurationErrorNamingThePath()
    {
        var missing = _folder.File("GeoOrchestration.GdalHost.dll");
        await using var pool = new GdalHostPool(new GdalHostOptions { HostPath = missing });

        var e = await Assert.ThrowsAsync<GeoConfigurationException>(() => pool.OpenAsync(CancellationToken.None));
        var checkedAtSubmit = Assert.Throws<GeoConfigurationException>(pool.EnsureAvailable);

        Assert.Equal(GdalFailure.NotFoundId, e.ErrorId);
        Assert.Contains(missing, e.Message);
        Assert.Equal(e.Message, checkedAtSubmit.Message);
    }

    [Fact]
    public async Task OpenAsync_HostExitsBeforeHello_IsAConfigurationErrorQuotingItsStderr()
    {
        var host = HostProcesses.WriteScript(_folder.File("broken-host"), "echo 'cannot find the runtime' >&2; exit 5");
        await using var pool = new GdalHostPool(new GdalHostOptions { HostPath = host });

        var e = await Assert.ThrowsAsync<GeoConfigurationException>(() => pool.OpenAsync(CancellationToken.None));

        Assert.Contains("exited with code 5 before it started", e.Message);
        Assert.Contains("cannot find the runtime", e.Message);
    }

    [Fact]
    public async Task OpenAsync_HostSilent_IsKilledAfterTheStartTimeoutAndFailsTransiently()
    {
        var pidFile = _folder.File("silent.pid");
        var host = HostProcesses.WriteScript(_folder.File("silent-host"), $"echo $$ > '{pidFile}'; exec sleep 300");
        await using var pool = new GdalHostPool(new GdalHostOptions { HostPath = host, StartTimeout = TimeSpan.FromSeconds(1) });

        var e = await Assert.ThrowsAsync<GdalTransientException>(() => pool.OpenAsync(CancellationToken.None));

        Assert.Contains("did not start within 1 s", e.Message);
        Assert.True(HostProcesses.IsGone(int.Parse(File.ReadAllText(pidFile).Trim())));
    }

    [Fact]
    public async Task OpenAsync_HostSaysSomethingElse_FailsTransientlyQuotingIt()
    {
        var host = HostProcesses.WriteScript(_folder.File("chatty-host"), "echo 'Welcome to GDAL!'; exec sleep 300");
        await using var pool = new GdalHostPool(new GdalHostOptions { HostPath = host });

        var e = await Assert.ThrowsAsync<GdalTransientException>(() => pool.OpenAsync(CancellationToken.None));

        Assert.Contains("Welcome to GDAL!", e.Message);
    }
}
