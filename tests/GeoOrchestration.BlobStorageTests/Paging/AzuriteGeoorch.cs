using System.Text.Json.Nodes;
using GeoOrchestration.BlobStorageTests.Infrastructure;

namespace GeoOrchestration.BlobStorageTests.Paging;

/// <summary>
/// The real <c>geoorch</c> as a child process on an embedded store of its own, with Azurite's
/// connection string in its environment (never in the test process's, which parallel tests share).
/// </summary>
internal sealed class AzuriteGeoorch(AzuriteServer azurite, string folder)
{
    public string Store => Path.Combine(folder, "geo.db");

    public Dictionary<string, string?> Environment
    {
        get
        {
            var environment = azurite.ChildEnvironment();
            environment["GEO_CONNECTION"] = "sqlite:" + Store;
            return environment;
        }
    }

    /// <summary><c>geoorch run TYPE --parameters-json ... -o json</c>: submits, works it to its end, prints the job.</summary>
    public async Task<Geoorch.Result> RunAsync(string jobType, JsonObject parameters, TimeSpan? timeout = null)
    {
        var run = await Geoorch.RunAsync(["run", jobType, "--parameters-json", parameters.ToJsonString(), "--deploy", "-o", "json"], Environment,
            timeout ?? TimeSpan.FromMinutes(5));
        Assert.True(run.Stdout.Trim().Length > 0, $"geoorch run {jobType} printed no job (exit {run.ExitCode}): {run.Stderr}");
        return run;
    }

    /// <summary>A stage's tasks in plan order, as <c>geoorch job tasks --output json</c> prints them.</summary>
    public async Task<List<JsonObject>> TasksAsync(string jobId, int stage)
    {
        var result = await Geoorch.RunAsync(["job", "tasks", jobId, "--stage", $"{stage}", "-o", "json"], Environment);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Json.AsArray().Select(t => t!.AsObject()).ToList();
    }
}
