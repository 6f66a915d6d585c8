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

    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
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
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start geoorch.");
    }

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        using var process = Start(arguments, environment);
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
