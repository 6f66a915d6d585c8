using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>The executable's contract: exit codes, one-line errors, and the JSON shapes of --output json.</summary>
public sealed class CliTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Dictionary<string, string?> Environment => new()
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
    };

    private Task<Geoorch.Result> RunAsync(params string[] arguments) => Geoorch.RunAsync(arguments, Environment);

    private static void AssertOneLineError(Geoorch.Result result, int exitCode, string expected)
    {
        Assert.Equal(exitCode, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("geoorch: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task Run_HelloWorld_ExitsZeroWithTheCompletedJobAsJson()
    {
        var result = await RunAsync("run", "hello_world", "--param", "count=4", "--output", "json", "--timeout", "60");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var job = result.Json;
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("hello_world", job["jobType"]!.GetValue<string>());
        Assert.Equal(3, job["stage"]!.GetValue<int>());
        Assert.Equal(3, job["totalStages"]!.GetValue<int>());
        Assert.Equal(64, job["jobId"]!.GetValue<string>().Length);
        Assert.NotNull(job["created"]);
        Assert.Equal(4, job["result"]!["greetings"]!.GetValue<int>());
        Assert.Null(job["error"]);
    }

    [Fact]
    public async Task Submit_SameParametersTwice_SecondReportsTheExistingJob()
    {
        var first = await RunAsync("submit", "hello_world", "--parameters-json", """{"names":["cli","twice"]}""", "-o", "json");
        var second = await RunAsync("submit", "hello_world", "-p", "names=cli", "-p", "names=twice", "-o", "json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.True(first.Json["isNew"]!.GetValue<bool>());
        Assert.False(second.Json["isNew"]!.GetValue<bool>());
        Assert.Equal(first.Json["jobId"]!.GetValue<string>(), second.Json["jobId"]!.GetValue<string>());
        Assert.Equal("queued", second.Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task JobGetAndTasks_AfterARun_PrintTheJobAndItsTasks()
    {
        var run = await RunAsync("run", "hello_world", "-p", "names=tasks-test", "-o", "json");
        var jobId = run.Json["jobId"]!.GetValue<string>();

        var get = await RunAsync("job", "get", jobId, "-o", "json");
        var tasks = await RunAsync("job", "tasks", jobId, "--stage", "2", "-o", "json");
        var list = await RunAsync("job", "list", "--status", "completed", "-o", "json");

        Assert.Equal(0, get.ExitCode);
        Assert.Equal("completed", get.Json["status"]!.GetValue<string>());
        Assert.Equal(0, tasks.ExitCode);
        var task = Assert.Single(tasks.Json.AsArray());
        Assert.Equal($"{jobId[..16]}-s2-0", task!["taskId"]!.GetValue<string>());
        Assert.Contains(list.Json.AsArray(), j => j!["jobId"]!.GetValue<string>() == jobId);
    }

    [Fact]
    public async Task AnyCommand_UnreachableDatabase_ExitsFourWithoutStackTrace()
    {
        var result = await Geoorch.RunAsync(["job", "list", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=3"]);
        AssertOneLineError(result, 4, "unavailable");
    }

    // With no connection at all every command uses the embedded default store (CliEmbeddedStoreTests);
    // a connection that is none of the accepted forms is refused, naming them.
    [Fact]
    public async Task AnyCommand_ConnectionOfNoKnownForm_ExitsTwoNamingTheForms()
    {
        var result = await Geoorch.RunAsync(["job", "list", "--connection", "/data/geo.db"]);
        AssertOneLineError(result, 2, "sqlite:/data/geo.db");
    }

    [Fact]
    public async Task AnyCommand_SchemaNotDeployed_ExitsSevenSayingToDeploy()
    {
        var result = await Geoorch.RunAsync(["job", "list", "--schema", "never_deployed"], new Dictionary<string, string?> { ["GEO_CONNECTION"] = fixture.Server.ConnectionString });
        AssertOneLineError(result, 7, "schema deploy");
    }

    [Fact]
    public async Task SchemaDeploy_OnDeployedSchema_ReportsEveryMigrationAlreadyApplied()
    {
        var result = await RunAsync("schema", "deploy", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(fixture.Schema, result.Json["schema"]!.GetValue<string>());
        Assert.All(result.Json["migrations"]!.AsArray(), m => Assert.Equal("already_applied", m!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task JobTypes_Json_ListsHelloWorldWithStagesAndParameters()
    {
        var result = await Geoorch.RunAsync(["job-types", "-o", "json"]);

        Assert.Equal(0, result.ExitCode);
        var hello = Assert.Single(result.Json.AsArray(), j => j!["name"]!.GetValue<string>() == "hello_world");
        Assert.Equal(["single", "fan_out", "fan_in"], hello!["stages"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
        var count = Assert.Single(hello["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "count");
        Assert.Equal(3, count!["default"]!.GetValue<int>());
        Assert.Equal(1000, count["maximum"]!.GetValue<double>());
    }

    [Fact]
    public async Task Worker_ExitWhenIdle_DrainsQueuedJobAndExitsZero()
    {
        var submit = await RunAsync("submit", "hello_world", "-p", "names=worker-process", "-o", "json");
        var jobId = submit.Json["jobId"]!.GetValue<string>();

        var worker = await RunAsync("worker", "--concurrency", "2", "--exit-when-idle", "1");

        Assert.True(worker.ExitCode == 0, worker.Stderr);
        var job = await fixture.Client.GetJobAsync(jobId);
        Assert.Equal(Model.JobStatus.Completed, job.Status);
    }
}
