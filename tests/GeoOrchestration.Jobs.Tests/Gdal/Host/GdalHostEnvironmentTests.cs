using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Host;

/// <summary>
/// Runs alone (it sets secrets in this process's environment for a moment, which no other test
/// should see).
/// </summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class GdalHostEnvironmentTests() : GdalHostTestBed("gdal-host-env")
{
    [Fact]
    public async Task OpenAsync_ExtraEnvironment_ReachesGdalInThatHostOnly()
    {
        var quiet = await TestRasters.Utm33Async(Folder.File("quiet.tif"), size: 16);
        var plain = await TestRasters.Utm33Async(Folder.File("plain.tif"), size: 16);

        // gdalinfo -stats keeps the statistics in a .aux.xml beside the file, unless PAM is off.
        int quietPid;
        await using (var session = await Pool.OpenAsync(CancellationToken.None, new Dictionary<string, string> { ["GDAL_PAM_ENABLED"] = "NO" }))
        {
            await session.InfoJsonAsync(quiet, ["-json", "-stats"], "quiet.tif", CancellationToken.None);
            quietPid = session.HostProcessId;
            Assert.Equal("NO", HostProcesses.EnvironmentOf(quietPid).GetValueOrDefault("GDAL_PAM_ENABLED"));
        }
        await using (var session = await Pool.OpenAsync(CancellationToken.None))
        {
            await session.InfoJsonAsync(plain, ["-json", "-stats"], "plain.tif", CancellationToken.None);
            Assert.NotEqual(quietPid, session.HostProcessId);
            Assert.False(HostProcesses.EnvironmentOf(session.HostProcessId).ContainsKey("GDAL_PAM_ENABLED"));
        }

        Assert.False(File.Exists(quiet + ".aux.xml"), "GDAL wrote PAM statistics in the host told GDAL_PAM_ENABLED=NO");
        Assert.True(File.Exists(plain + ".aux.xml"), "GDAL did not write PAM statistics in the host without the variable");
    }

    [Fact]
    public async Task OpenAsync_SameExtraEnvironment_ReusesTheIdleHost()
    {
        var extra = new Dictionary<string, string> { ["GDAL_CACHEMAX"] = "64" };
        int first;
        await using (var session = await Pool.OpenAsync(CancellationToken.None, extra)) first = session.HostProcessId;
        await using (var other = await Pool.OpenAsync(CancellationToken.None, new Dictionary<string, string> { ["GDAL_CACHEMAX"] = "32" }))
        await using (var same = await Pool.OpenAsync(CancellationToken.None, new Dictionary<string, string>(extra)))
        {
            Assert.Equal(first, same.HostProcessId);
            Assert.NotEqual(first, other.HostProcessId);
            Assert.Equal("32", HostProcesses.EnvironmentOf(other.HostProcessId)["GDAL_CACHEMAX"]);
        }
    }

    [Fact]
    public async Task OpenAsync_SecretsInThisProcess_NeverReachAHost()
    {
        string[] secrets =
        [
            "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCESS_KEY", "AZURE_STORAGE_SAS_TOKEN",
            "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "GEO_CONNECTION", "PGPASSWORD",
        ];
        var before = secrets.ToDictionary(s => s, Environment.GetEnvironmentVariable);
        IReadOnlyDictionary<string, string> seen;
        try
        {
            foreach (var secret in secrets) Environment.SetEnvironmentVariable(secret, "secret-value");
            Environment.SetEnvironmentVariable("GEO_TEST_NOT_SECRET", "kept");
            await using var session = await Pool.OpenAsync(CancellationToken.None);
            seen = HostProcesses.EnvironmentOf(session.HostProcessId);
        }
        finally
        {
            foreach (var (secret, value) in before) Environment.SetEnvironmentVariable(secret, value);
            Environment.SetEnvironmentVariable("GEO_TEST_NOT_SECRET", null);
        }

        Assert.All(secrets, secret => Assert.DoesNotContain(secret, seen.Keys));
        Assert.Equal("kept", seen["GEO_TEST_NOT_SECRET"]);
        Assert.Equal("OFF", seen["CPL_DEBUG"]);
    }
}

[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;
