using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// Zero configuration: with no --connection and no GEO_CONNECTION, geoorch works on the embedded
/// SQLite file in the per-user data folder, created with its schema on first use.
/// </summary>
public sealed class CliEmbeddedStoreTests : IDisposable
{
    private readonly string _dataHome = Directory.CreateTempSubdirectory("geoorch-embedded-").FullName;

    private Dictionary<string, string?> Fresh => new() { ["XDG_DATA_HOME"] = _dataHome };

    private string DefaultFile => Path.Combine(_dataHome, "geoorchestration", "geo.db");

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    [Fact]
    public async Task Run_HelloWorldOnAFreshMachine_CompletesOnTheEmbeddedDefaultFile()
    {
        Assert.False(File.Exists(DefaultFile));

        var run = await Geoorch.RunAsync(["run", "hello_world", "--output", "json"], Fresh);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("completed", run.Json["status"]!.GetValue<string>());
        Assert.True(File.Exists(DefaultFile));
        // A clean exit checkpoints the WAL into the file: what is left can be copied or moved as is.
        Assert.Equal(["geo.db"], Directory.GetFiles(Path.GetDirectoryName(DefaultFile)!).Select(Path.GetFileName));
        var again = await Geoorch.RunAsync(["job", "list", "--output", "json"], Fresh);
        Assert.Contains(run.Json["jobId"]!.GetValue<string>(), again.Stdout);
        // A command that only reads (on read-only connections) leaves the folder as it found it too.
        Assert.Equal(["geo.db"], Directory.GetFiles(Path.GetDirectoryName(DefaultFile)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SchemaDeploy_Json_SaysWhichStoreItUsed()
    {
        var deploy = await Geoorch.RunAsync(["schema", "deploy", "--output", "json"], Fresh);

        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        Assert.Equal("sqlite", deploy.Json["storeKind"]!.GetValue<string>());
        Assert.Equal($"sqlite:{DefaultFile} (default)", deploy.Json["store"]!.GetValue<string>());
    }

    [Fact]
    public async Task SchemaDeploy_DryRunOnAFreshMachine_CreatesNoFile()
    {
        var deploy = await Geoorch.RunAsync(["schema", "deploy", "--dry-run"], Fresh);

        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        Assert.False(File.Exists(DefaultFile));
    }

    [Fact]
    public async Task Verbose_NamesTheStoreOnStandardError()
    {
        var path = Path.Combine(_dataHome, "other.db");
        // A named file that does not exist is refused (ConnectionStoreCreationTests): deployed first.
        Assert.Equal(0, (await Geoorch.RunAsync(["schema", "deploy", "--connection", $"sqlite:{path}"], Fresh)).ExitCode);

        var list = await Geoorch.RunAsync(["job", "list", "--verbose", "--connection", $"sqlite:{path}"], Fresh);

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains($"geoorch: store sqlite:{path}", list.Stderr);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Worker_OnAFreshMachine_StartsOnTheEmbeddedStoreAndExitsWhenIdle()
    {
        var worker = await Geoorch.RunAsync(["worker", "--exit-when-idle", "1"], Fresh);

        Assert.True(worker.ExitCode == 0, worker.Stderr);
        Assert.True(File.Exists(DefaultFile));
    }

    [Fact]
    public async Task Schema_WithTheEmbeddedStore_IsRefusedNamingTheField()
    {
        var list = await Geoorch.RunAsync(["job", "list", "--schema", "etl"], Fresh);

        Assert.Equal(2, list.ExitCode);
        Assert.Contains("'schema' applies to a PostgreSQL store only", list.Stderr);
        Assert.False(File.Exists(DefaultFile));
    }
}
