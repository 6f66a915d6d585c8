using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Hosting;
using GeoOrchestration.Jobs;
using GeoOrchestration.Registry;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// <c>geoorch job tasks</c>: filtered by status, limited and paged by the last task id a page
/// showed, its options checked before anything is read, and its JSON the array it always was.
/// (The store's share, order, filters and page bounds, is pinned by the conformance suite.)
/// </summary>
public sealed class CliJobTasksTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-tasks-").FullName;
    private string _jobId = "";

    private string File => Path.Combine(_folder, "geo.db");

    private Dictionary<string, string?> Sqlite => new() { ["GEO_CONNECTION"] = $"sqlite:{File}" };

    private Task<Geoorch.Result> RunAsync(params string[] arguments) => Geoorch.RunAsync(arguments, Sqlite);

    public async Task InitializeAsync()
    {
        // 25 tasks a stage over two stages: pages of 10 end inside a stage and at its end.
        var run = await RunAsync("run", "noop", "-p", "tasks=25", "-p", "stages=2", "--deploy", "-o", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        _jobId = run.Json["jobId"]!.GetValue<string>();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task JobTasks_Json_IsTheWholeArrayAsJsonOutputWritesIt()
    {
        var listed = await RunAsync("job", "tasks", _jobId, "-o", "json");

        await using var client = GeoConnection.Resolve($"sqlite:{File}", null).CreateClient(JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        var tasks = await client.ListTasksAsync(_jobId);
        using var expected = new StringWriter();
        JsonOutput.Write(expected, new JsonArray(tasks.Select(t => (JsonNode)JsonOutput.Task(t)).ToArray()));
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Equal(50, tasks.Count);
        Assert.Equal(expected.ToString().ReplaceLineEndings(), listed.Stdout.ReplaceLineEndings());
    }

    [Fact]
    public async Task JobTasks_PagesOfLimitAfterTheLastIdShown_ListEveryTaskOnceInOrder()
    {
        var all = Ids(await RunAsync("job", "tasks", _jobId, "-o", "json"));
        var pages = new List<List<string>>();
        string[] next = [];
        while (true)
        {
            var page = Ids(await RunAsync(["job", "tasks", _jobId, "--limit", "10", "-o", "json", .. next]));
            if (page.Count == 0) break;
            pages.Add(page);
            next = ["--after", page[^1]];
        }

        Assert.Equal(50, all.Count);
        Assert.Equal([10, 10, 10, 10, 10], pages.Select(p => p.Count));
        Assert.Equal(all, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task JobTasks_StatusStageLimitAndAfter_Filter_InTheTableToo()
    {
        var second = $"{_jobId[..16]}-s2-";
        var table = await RunAsync("job", "tasks", _jobId[..8], "--status", "COMPLETED", "--stage", "2", "--limit", "3", "--after", second + "0");
        var none = await RunAsync("job", "tasks", _jobId, "--status", "failed", "-o", "json");

        Assert.True(table.ExitCode == 0, table.Stderr);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("TASK ID", lines[0]);
        Assert.Equal([second + "1", second + "2", second + "3"], lines[1..].Select(l => l.Split(' ')[0]));
        Assert.Equal(0, none.ExitCode);
        Assert.Empty(none.Json.AsArray());
    }

    [Theory]
    [InlineData("--status", "done", "status", "'--status' must be one of pending, queued, processing, completed, failed, cancelled; got 'done'.")]
    [InlineData("--limit", "0", "limit", "'--limit' must be at least 1; got 0.")]
    [InlineData("--after", "0123456789abcdef-s1-0", "after", "no task")]
    public async Task JobTasks_BadOption_ExitsTwoNamingTheFieldAndItsRule_WritingNoListing(string option, string value, string field, string message)
    {
        var result = await RunAsync("job", "tasks", _jobId, option, value, "-o", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        var error = result.Json["error"]!;
        Assert.Equal(("InvalidInput", field), (error["id"]!.GetValue<string>(), error["fields"]![0]!["field"]!.GetValue<string>()));
    }

    private static List<string> Ids(Geoorch.Result result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Json.AsArray().Select(t => t!["taskId"]!.GetValue<string>()).ToList();
    }
}
