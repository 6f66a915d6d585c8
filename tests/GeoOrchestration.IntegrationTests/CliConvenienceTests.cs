using GeoOrchestration.IntegrationTests.Infrastructure;

namespace GeoOrchestration.IntegrationTests;

/// <summary>Small things a user trips over at the command line.</summary>
public sealed class CliConvenienceTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    private Dictionary<string, string?> Environment => new()
    {
        ["GEO_CONNECTION"] = fixture.Server.ConnectionString,
        ["GEO_SCHEMA"] = fixture.Schema,
    };

    private Task<Geoorch.Result> RunAsync(params string[] arguments) => Geoorch.RunAsync(arguments, Environment);

    private async Task<string> SubmitAsync(params string[] extra)
    {
        var submit = await RunAsync(["submit", "noop", "-p", $"label={Guid.NewGuid()}", "-o", "json", .. extra]);
        Assert.True(submit.ExitCode == 0, submit.Stderr);
        return submit.Json["jobId"]!.GetValue<string>();
    }

    [Fact]
    public async Task JobCommands_TheIdAsJobListShowsIt_AreAccepted()
    {
        var jobId = await SubmitAsync();
        var list = await RunAsync("job", "list", "--limit", "1000");
        Assert.Contains(jobId[..16] + " ", list.Stdout); // what a user copies

        var get = await RunAsync("job", "get", jobId[..16], "-o", "json");
        var tasks = await RunAsync("job", "tasks", jobId[..16].ToUpperInvariant());
        var cancel = await RunAsync("job", "cancel", jobId[..8], "-o", "json");

        Assert.Equal((0, jobId), (get.ExitCode, get.Json["jobId"]!.GetValue<string>()));
        Assert.Equal(0, tasks.ExitCode);
        Assert.Equal((0, "cancelled"), (cancel.ExitCode, cancel.Json["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task JobTypes_Table_ShowsLengthLimitsExclusionsAttemptsAndTimeouts()
    {
        var result = await Geoorch.RunAsync(["job-types"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("names (array of strings, optional, items 1..1000, each length 1..100, not with count)", result.Stdout);
        Assert.Contains("count (integer, optional, default 3, range 1..1000, not with names)", result.Stdout);
        Assert.Contains("label (string, optional, length ..100)", result.Stdout);
        Assert.Contains("at most 10 attempt(s) per task", result.Stdout);
        Assert.Contains("default timeouts: task none, job none", result.Stdout);
    }

    [Fact]
    public async Task JobTypes_Json_ShowsExclusionsAndAttempts()
    {
        var result = await Geoorch.RunAsync(["job-types", "-o", "json"]);

        var hello = result.Json.AsArray().Single(j => j!["name"]!.GetValue<string>() == "hello_world")!;
        Assert.Equal("count", hello["parameters"]![1]!["exclusiveWith"]![0]!.GetValue<string>());
        Assert.Equal(3, hello["stages"]![0]!["maxAttempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task Submit_SameJobWithAnotherTaskTimeout_WarnsItWasReturnedUnchanged()
    {
        var label = $"label={Guid.NewGuid()}";
        await RunAsync("submit", "noop", "-p", label, "--task-timeout", "30");

        var table = await RunAsync("submit", "noop", "-p", label, "--task-timeout", "5");
        var json = await RunAsync("submit", "noop", "-p", label, "--task-timeout", "5", "-o", "json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Already exists", table.Stdout);
        var warning = Assert.Single(table.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("returned unchanged: task_timeout stays 30 s (requested 5 s)", warning);
        var ignored = Assert.Single(json.Json["ignoredOptions"]!.AsArray())!;
        Assert.Equal(("task_timeout", 5.0, 30.0),
            (ignored["option"]!.GetValue<string>(), ignored["requestedSeconds"]!.GetValue<double>(), ignored["existingSeconds"]!.GetValue<double>()));
    }

    [Fact]
    public async Task TableOutput_Times_CarryTheirOffset()
    {
        var jobId = await SubmitAsync();
        var environment = new Dictionary<string, string?>(Environment) { ["TZ"] = "Asia/Kolkata" };

        var get = await Geoorch.RunAsync(["job", "get", jobId], environment);
        var list = await Geoorch.RunAsync(["job", "list"], environment);

        Assert.Matches(@"Created\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+05:30", get.Stdout);
        Assert.Matches(@"\d{2}:\d{2}:\d{2} \+05:30", list.Stdout);
    }
}
