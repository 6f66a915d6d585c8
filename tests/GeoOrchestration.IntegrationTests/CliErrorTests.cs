using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Store;
using Npgsql;

namespace GeoOrchestration.IntegrationTests;

/// <summary>Every mistake maps to its documented exit code and one line; with --output json, an error object with a stable id and category.</summary>
public sealed class CliErrorTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Dictionary<string, string?> Environment => new()
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
    };

    private Task<Geoorch.Result> RunAsync(params string[] arguments) => Geoorch.RunAsync(arguments, Environment, TimeSpan.FromSeconds(90));

    private string Connection(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.Server.ConnectionString);
        change(builder);
        return builder.ConnectionString;
    }

    [Fact]
    public async Task AnyCommand_DatabaseThatDoesNotExist_ExitsSevenWithAPlainSentence()
    {
        var result = await RunAsync("job", "list", "--connection", Connection(b => b.Database = "no_such_database"));

        var line = CliAssert.OneLineError(result, 7, "Database 'no_such_database' does not exist");
        Assert.DoesNotContain("3D000", line);
    }

    [Fact]
    public async Task AnyCommand_RoleThatDoesNotExist_ExitsSevenNamingTheUser()
    {
        var result = await RunAsync("job", "list", "--connection", Connection(b => b.Username = "no_such_role"));

        var line = CliAssert.OneLineError(result, 7, "refused the login of user 'no_such_role'");
        Assert.DoesNotContain("28000", line);
    }

    [Theory]
    [InlineData("--exit-when-idle", "1")]
    [InlineData("--concurrency", "2")] // without --exit-when-idle it used to run (and log a stack every 5 s) forever
    public async Task Worker_UndeployedSchema_ExitsSevenAtOnceWithOneLine(string option, string value)
    {
        // --startup-timeout 0: the wait for a deploy under way (StoreStartupWait; WorkerStartupWaitTests) is not asked for.
        var result = await RunAsync("worker", "--schema", "never_deployed_worker", "--startup-timeout", "0", option, value);

        CliAssert.OneLineError(result, 7, "Schema 'never_deployed_worker' is not deployed", "geoorch schema deploy");
    }

    [Fact]
    public async Task SchemaDeployAndWorker_MalformedRecordedChecksum_ExitSevenWithOneLine()
    {
        var schema = $"k_{Guid.NewGuid().ToString("N")[..12]}";
        await using (var store = fixture.CreateStore(schema)) await store.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default);
        await using var dataSource = fixture.Server.CreateDataSource();
        try
        {
            await using (var corrupt = dataSource.CreateCommand($"UPDATE \"{schema}\".schema_migrations SET checksum = 'abc' WHERE version = 2"))
                await corrupt.ExecuteNonQueryAsync();

            var deploy = await RunAsync("schema", "deploy", "--schema", schema);
            var worker = await RunAsync("worker", "--schema", schema, "--exit-when-idle", "1");

            CliAssert.OneLineError(deploy, 7, "malformed checksum");
            CliAssert.OneLineError(worker, 7, "malformed checksum");
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Run_TransientFailures_LogOneLineEachWithoutVerboseAndTheStackWithIt()
    {
        var plain = await RunAsync("run", "noop", "-p", "tasks=2", "-p", "transient_failure_rate=1", "-p", $"label={Guid.NewGuid()}", "--timeout", "60");
        var verbose = await RunAsync("run", "noop", "-p", "tasks=2", "-p", "transient_failure_rate=1", "-p", $"label={Guid.NewGuid()}", "--timeout", "60", "--verbose");

        Assert.True(plain.ExitCode == 0, plain.Stderr);
        var warnings = plain.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Matches(@"^\S+Z warn Task \S+ attempt 1/\d+ failed \(Transient\).*\(TransientTaskException: .*on purpose\.\)$", w));
        Assert.DoesNotContain("   at ", plain.Stderr);
        Assert.Equal(0, verbose.ExitCode);
        Assert.Contains("   at GeoOrchestration.Jobs.Noop.NoopHandler", verbose.Stderr);
    }

    [Fact]
    public async Task JobCancel_EndedJob_ExitsEightWithAConflictErrorObject()
    {
        var submission = await fixture.Client.SubmitAsync("noop", new System.Text.Json.Nodes.JsonObject { ["label"] = Guid.NewGuid().ToString() });
        await fixture.Client.CancelJobAsync(submission.Job.JobId);

        var result = await RunAsync("job", "cancel", submission.Job.JobId, "-o", "json");

        CliAssert.OneLineError(result, 8, "is cancelled; it can be cancelled only while");
        var error = result.Json["error"]!;
        Assert.Equal(("JobStatusConflict", "conflict", submission.Job.JobId),
            (error["id"]!.GetValue<string>(), error["category"]!.GetValue<string>(), error["target"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MissingSchema_WithJsonOutput_PrintsAConfigurationErrorObject()
    {
        // Usage errors' objects: the conformance suite's bad-input table, on both stores.
        var schema = await RunAsync("job", "list", "--schema", "never_deployed_json", "-o", "json");

        Assert.Equal(7, schema.ExitCode);
        Assert.Equal(("SchemaNotDeployed", "configuration"), (schema.Json["error"]!["id"]!.GetValue<string>(), schema.Json["error"]!["category"]!.GetValue<string>()));
    }
}
