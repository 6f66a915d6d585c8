using System.Diagnostics;
using System.Text.Json.Nodes;
using GeoOrchestration.Hosting.Health;

namespace GeoOrchestration.IntegrationTests.Health;

/// <summary>Runs <c>geoorch health</c> as a container's HEALTHCHECK does, and reads a worker's heartbeat file.</summary>
internal static class HealthProbe
{
    /// <summary>How long a test waits for a state it expects (a worker busy, a heartbeat stale): generous, for a loaded machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public sealed record Verdict(int ExitCode, string Line, JsonNode? Json);

    /// <summary><c>geoorch health ARGS</c>: the exit code and its one line (stdout), or with JSON its object.</summary>
    public static async Task<Verdict> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var result = await Geoorch.RunAsync(["health", .. arguments], environment);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(result.ExitCode is 0 or 1, $"geoorch health exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
        Assert.Equal("", result.Stderr);
        var json = arguments.Contains("json") ? JsonNode.Parse(result.Stdout) : null;
        if (json is null) Assert.Single(lines);
        return new Verdict(result.ExitCode, json is null ? lines[0] : (string)json["reason"]!, json);
    }

    /// <summary>Probes until <paramref name="wanted"/> holds (returning that verdict) or <see cref="Patience"/> runs out (failing with the last).</summary>
    public static async Task<Verdict> UntilAsync(Func<Verdict, bool> wanted, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var verdict = await RunAsync(environment, arguments);
            if (wanted(verdict)) return verdict;
            if (clock.Elapsed > Patience) throw new Xunit.Sdk.XunitException($"geoorch health never gave the verdict wanted within {Patience}; last: {verdict.ExitCode} {verdict.Line}");
            await Task.Delay(250);
        }
    }

    /// <summary>The worker's heartbeat record, once it is written and <paramref name="wanted"/> holds.</summary>
    public static async Task<HeartbeatRecord> RecordAsync(string path, Func<HeartbeatRecord, bool> wanted, WorkerProcess? worker = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (File.Exists(path) && HeartbeatRecord.Parse(await File.ReadAllTextAsync(path)) is { } record && wanted(record)) return record;
            if (clock.Elapsed > Patience || worker is { HasExited: true })
                throw new Xunit.Sdk.XunitException($"The heartbeat file {path} never held the record wanted: {(File.Exists(path) ? File.ReadAllText(path) : "(none)")}\n{worker?.Tail}");
            await Task.Delay(100);
        }
    }
}
