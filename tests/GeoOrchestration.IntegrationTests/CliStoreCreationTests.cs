using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.StoreConformance;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// A typo must not create a store, through real geoorch processes: a SQLite file named by
/// --connection or GEO_CONNECTION that does not exist is refused by every command but a deploy,
/// a worker and run --deploy, with exit 7 naming the file and leaving nothing behind; on
/// PostgreSQL only schema deploy and run --deploy create a schema.
/// </summary>
public sealed class CliStoreCreationTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-creation-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Missing => Path.Combine(_folder, "nonexistent", "dir", "x.db");

    [Theory]
    [InlineData("job", "list")]
    [InlineData("job", "get", "0123456789abcdef")]
    [InlineData("job", "tasks", "0123456789abcdef")]
    [InlineData("job", "cancel", "0123456789abcdef")]
    [InlineData("job", "retry", "0123456789abcdef")]
    [InlineData("submit", "hello_world", "-p", "count=1")]
    [InlineData("run", "hello_world", "-p", "count=1")]
    public async Task NamedSqliteFileMissing_RefusedNamingTheFileAndNothingIsCreated(params string[] command)
    {
        var byOption = await Geoorch.RunAsync([.. command, "--connection", $"sqlite:{Missing}"]);
        var byEnvironment = await Geoorch.RunAsync(command, new Dictionary<string, string?> { ["GEO_CONNECTION"] = $"sqlite:{Missing}" });

        foreach (var result in (Geoorch.Result[])[byOption, byEnvironment])
            CliAssert.OneLineError(result, 7, $"There is no GeoOrchestration store at '{Missing}'", "geoorch schema deploy");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Run_NamedSqliteFileWithDeploy_CreatesItAndRunsTheJob()
    {
        var run = await Geoorch.RunAsync(["run", "hello_world", "-p", "count=1", "--deploy", "-o", "json", "--connection", $"sqlite:{Missing}"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("completed", run.Json["status"]!.GetValue<string>());
        Assert.True(File.Exists(Missing));
    }

    [Fact]
    public async Task Worker_NamedSqliteFileMissing_CreatesIt()
    {
        var worker = await Geoorch.RunAsync(["worker", "--exit-when-idle", "1", "--connection", $"sqlite:{Missing}"]);

        Assert.True(worker.ExitCode == 0, worker.Stderr);
        Assert.True(File.Exists(Missing));
    }

    [Fact]
    public async Task RelativeSqlitePath_IsTheProcessWorkingDirectorys()
    {
        var deploy = await Geoorch.RunAsync(["schema", "deploy", "--connection", "sqlite:relative.db"],
            workingDirectory: _folder);

        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        Assert.True(File.Exists(Path.Combine(_folder, "relative.db")));
    }

    [Fact]
    public async Task Run_MistypedPostgresSchema_RefusedNamingItAndDeploysNothing()
    {
        var schema = fixture.Schema + "_typo";
        var environment = new Dictionary<string, string?> { ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = schema };

        var run = await Geoorch.RunAsync(["run", "hello_world", "-p", "count=1"], environment);

        CliAssert.OneLineError(run, 7, $"Schema '{schema}' is not deployed", "geoorch schema deploy", "--deploy");
        Assert.Equal(0, await fixture.ScalarAsync("SELECT count(*) FROM information_schema.schemata WHERE schema_name = @name", ("name", schema)));
    }

    [Fact]
    public async Task Run_PostgresSchemaWithDeploy_DeploysItAndRunsTheJob()
    {
        var schema = fixture.Schema + "_deploy";
        var environment = new Dictionary<string, string?> { ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = schema };
        try
        {
            var run = await Geoorch.RunAsync(["run", "hello_world", "-p", "count=1", "--deploy", "-o", "json"], environment);

            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Equal("completed", run.Json["status"]!.GetValue<string>());
        }
        finally
        {
            await fixture.ScalarAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; SELECT 0");
        }
    }

    [Fact]
    public async Task Run_PostgresSchemaLackingAMigration_RefusedNamingItsMigrationAndUpgradesNothing()
    {
        var schema = fixture.Schema + "_old";
        var environment = new Dictionary<string, string?> { ["GEO_CONNECTION"] = fixture.Server.ConnectionString, ["GEO_SCHEMA"] = schema };
        try
        {
            Assert.Equal(0, (await Geoorch.RunAsync(["schema", "deploy"], environment)).ExitCode);
            // An older build's schema: its newest migration not applied yet.
            var newest = await fixture.ScalarAsync($"SELECT max(version) FROM \"{schema}\".schema_migrations");
            await fixture.ScalarAsync($"DELETE FROM \"{schema}\".schema_migrations WHERE version = {newest}; SELECT 0");
            var previous = await fixture.ScalarAsync($"SELECT max(version) FROM \"{schema}\".schema_migrations");

            var run = await Geoorch.RunAsync(["run", "hello_world", "-p", "count=1"], environment);

            CliAssert.OneLineError(run, 7, $"Schema '{schema}' is at migration {previous}", "geoorch schema deploy");
            Assert.Equal(0, await fixture.ScalarAsync($"SELECT count(*) FROM \"{schema}\".schema_migrations WHERE version = {newest}"));
        }
        finally
        {
            await fixture.ScalarAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; SELECT 0");
        }
    }
}
