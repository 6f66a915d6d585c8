using System.Text.Json.Nodes;
using GeoOrchestration.BlobStorageTests.Infrastructure;

namespace GeoOrchestration.BlobStorageTests.Jobs.Support;

/// <summary>
/// Runs raster jobs with the real <c>geoorch</c> as child processes: an embedded store of their own
/// (XDG_DATA_HOME in a temporary folder) and Azurite's connection string in their environment only,
/// never in the test process's (shared by parallel tests).
/// </summary>
internal sealed class BlobJobs : IDisposable
{
    private readonly string _dataHome = Directory.CreateTempSubdirectory("geoorch-blobjobs-").FullName;

    public BlobJobs(AzuriteServer azurite, Uri? endpoint = null)
    {
        Environment = azurite.ChildEnvironment(endpoint);
        Environment["XDG_DATA_HOME"] = _dataHome;
    }

    /// <summary>The children's environment: AZURE_STORAGE_CONNECTION_STRING and their own store.</summary>
    public Dictionary<string, string?> Environment { get; }

    /// <summary><c>geoorch run TYPE --parameters-json ... -o json</c>: submits and works the job to its end in one process.</summary>
    public async Task<(Geoorch.Result Run, JsonObject Job)> RunAsync(string type, JsonObject parameters, params string[] extra)
    {
        var run = await Geoorch.RunAsync(["run", type, "--parameters-json", parameters.ToJsonString(), "-o", "json", .. extra], Environment,
            TimeSpan.FromMinutes(8));
        JsonObject job;
        try
        {
            job = run.Json.AsObject();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"geoorch run {type} exited {run.ExitCode} without a job: {run.Stdout} {run.Stderr}");
        }
        return (run, job);
    }

    /// <summary><c>geoorch submit TYPE --parameters-json ... -o json</c>.</summary>
    public Task<Geoorch.Result> SubmitAsync(string type, JsonObject parameters, params string[] extra) =>
        Geoorch.RunAsync(["submit", type, "--parameters-json", parameters.ToJsonString(), "-o", "json", .. extra], Environment);

    /// <summary>A job's tasks of one stage (<c>geoorch job tasks ID --stage N -o json</c>).</summary>
    public async Task<JsonArray> TasksAsync(string jobId, int stage)
    {
        var tasks = await Geoorch.RunAsync(["job", "tasks", jobId, "--stage", $"{stage}", "-o", "json"], Environment);
        Assert.True(tasks.ExitCode == 0, tasks.Stderr);
        return tasks.Json.AsArray();
    }

    /// <summary>A job as <c>geoorch job get ID -o json</c> shows it.</summary>
    public async Task<JsonObject> JobAsync(string jobId)
    {
        var job = await Geoorch.RunAsync(["job", "get", jobId, "-o", "json"], Environment);
        Assert.True(job.ExitCode == 0, job.Stderr);
        return job.Json.AsObject();
    }

    /// <summary>Every job in this store (<c>geoorch job list -o json</c>).</summary>
    public async Task<JsonArray> JobsAsync()
    {
        var jobs = await Geoorch.RunAsync(["job", "list", "-o", "json"], Environment);
        Assert.True(jobs.ExitCode == 0, jobs.Stderr);
        return jobs.Json.AsArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataHome, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
