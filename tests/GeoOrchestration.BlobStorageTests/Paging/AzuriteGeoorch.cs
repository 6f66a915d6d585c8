using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.BlobStorageTests.Infrastructure;

namespace GeoOrchestration.BlobStorageTests.Paging;

/// <summary>
/// The real <c>geoorch</c> as a child process on an embedded store of its own, with Azurite's
/// connection string in its environment (never in the test process's, which parallel tests share).
/// It runs from the CLI project's own output: this project's folder has ASP.NET Core's framework
/// (for the fault proxy) instead of the logging assemblies geoorch carries.
/// </summary>
internal sealed class AzuriteGeoorch(AzuriteServer azurite, string folder)
{
    // bin/CONFIGURATION/TFM of this test project, the same under the CLI project.
    private static readonly string Executable = Path.Combine(RepositoryFolders.Root, "src", "GeoOrchestration.Cli",
        Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."), AppContext.BaseDirectory), "geoorch.dll");

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
        var run = await RunAsync(["run", jobType, "--parameters-json", parameters.ToJsonString(), "--deploy", "-o", "json"],
            timeout ?? TimeSpan.FromMinutes(5));
        Assert.True(run.Stdout.Trim().Length > 0, $"geoorch run {jobType} printed no job (exit {run.ExitCode}): {run.Stderr}");
        return run;
    }

    /// <summary>A stage's tasks in plan order, as <c>geoorch job tasks --output json</c> prints them.</summary>
    public async Task<List<JsonObject>> TasksAsync(string jobId, int stage)
    {
        var result = await RunAsync(["job", "tasks", jobId, "--stage", $"{stage}", "-o", "json"], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Json.AsArray().Select(t => t!.AsObject()).ToList();
    }

    /// <summary>Starts geoorch with this environment (the caller reads its output and waits).</summary>
    public Process Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Executable);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var variable in new[] { "GEO_CONNECTION", "GEO_SCHEMA", "GEO_SERVICEBUS", "GEO_CONCURRENCY", "GEO_TRANSPORT", "GEO_HEALTH_FILE" })
            start.Environment.Remove(variable);
        start.Environment["XDG_DATA_HOME"] = folder;
        foreach (var (key, value) in Environment) start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start geoorch.");
    }

    /// <summary>Runs geoorch to its exit.</summary>
    public async Task<Geoorch.Result> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"geoorch {string.Join(' ', arguments)} did not exit in time. stderr: {await stderr}");
        }
        return new Geoorch.Result(process.ExitCode, await stdout, await stderr);
    }
}
