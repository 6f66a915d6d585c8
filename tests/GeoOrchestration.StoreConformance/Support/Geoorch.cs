using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>Runs the built <c>geoorch</c> executable as a separate process, as users and containers do.</summary>
public static class Geoorch
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("geoorch printed JSON null.");
    }

    public static string Executable => Path.Combine(AppContext.BaseDirectory, "geoorch.dll");

    /// <summary>The per-user data folder every geoorch of this test process sees (XDG_DATA_HOME), unless a test gives its own.</summary>
    public static string DataHome => LazyDataHome.Value;

    private static readonly Lazy<string> LazyDataHome = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("geoorch-test-data-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
        return folder;
    });

    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Executable);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A clean slate: the test decides the connection, not the developer's shell.
        start.Environment.Remove("GEO_CONNECTION");
        start.Environment.Remove("GEO_SCHEMA");
        start.Environment.Remove("GEO_SERVICEBUS");
        // Nor the worker's configuration (WorkerEnvironment): a test sets what it means to.
        foreach (var variable in new[] { "GEO_CONCURRENCY", "GEO_SHUTDOWN_GRACE", "GEO_TRANSPORT", "GEO_HEALTH_FILE", "GEO_WORKER_ID", "GEO_STARTUP_TIMEOUT" }) start.Environment.Remove(variable);
        // Nor an exporter of the developer's: traces go where a test sends them (OTEL_*), or nowhere.
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(variable);
        // Without a connection geoorch opens the embedded file in the per-user data folder: never the real one.
        start.Environment["XDG_DATA_HOME"] = DataHome;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) start.Environment[key] = value;
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start geoorch.");
    }

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        using var process = Start(arguments, environment, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"geoorch {string.Join(' ', arguments)} did not exit in time. stderr: {await stderr}");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
