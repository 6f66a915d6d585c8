using System.CommandLine;
using System.Globalization;
using System.IO.Enumeration;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Cli.Commands;

/// <summary><c>geoorch workers</c>: the workers registered on the store (the worker registry), as Get-GeoWorker lists them.</summary>
public static class WorkersCommand
{
    private static readonly string[] States = Enum.GetNames<WorkerState>().Select(s => s.ToLowerInvariant()).ToArray();

    public static Command Create(GlobalOptions options)
    {
        var id = new Option<string[]>("--id") { Description = "Only these worker ids (a task's worker); * and ? are wildcards.", AllowMultipleArgumentsPerToken = true };
        var host = new Option<string[]>("--host") { Description = "Only workers on these hosts; * and ? are wildcards.", AllowMultipleArgumentsPerToken = true };
        var state = new Option<string[]>("--state") { Description = $"Only workers in these states ({string.Join(", ", States)}).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("workers",
            "List the workers registered on the store: host, pid, state, work held of their slots, uptime, last heartbeat, version. " +
            "A worker killed without stopping reads as lost once its heartbeats stopped for 3 of its leases, until a janitor removes it.")
            { id, host, state };
        command.SetAction((parse, ct) => CliSession.RunAsync(parse, options, async (session, client) =>
        {
            var states = (parse.GetValue(state) ?? []).Select(ParseState).ToHashSet();
            var ids = parse.GetValue(id) is { Length: > 0 } i ? i : ["*"];
            var hosts = parse.GetValue(host) is { Length: > 0 } h ? h : ["*"];
            var registered = await client.ListWorkersAsync(ct)
                    ?? throw new GeoConfigurationException("This store keeps no worker registry: it cannot tell which workers are running.");
            var workers = registered
                .Where(w => ids.Any(p => Matches(p, w.WorkerId)) && hosts.Any(p => Matches(p, w.Host)) && (states.Count == 0 || states.Contains(w.State)))
                .ToList();
            // A literal id that matches nothing is an error, as Get-GeoWorker -Id's is; a pattern is not.
            if (ids.FirstOrDefault(p => !IsPattern(p) && !workers.Any(w => w.WorkerId == p)) is { } missing)
                throw new GeoNotFoundException("Worker", missing);
            if (session.Json) JsonOutput.Write(session.Out, new JsonArray(workers.Select(w => (JsonNode)Json(w)).ToArray()));
            else if (workers.Count > 0) Table(session.Out, workers);
            // A header alone reads as a failed read: say it in words, as the other lists do (JSON stays []).
            else if (registered.Count == 0) session.Out.WriteLine("No worker is registered in this store: none is running, or none heartbeat since the last janitor round.");
            else session.Out.WriteLine($"No registered worker matches the filters ({registered.Count} registered: 'geoorch workers' lists them).");
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A worker as <c>--output json</c> writes it (the names Get-GeoWorker's properties have, camel-cased).</summary>
    public static JsonObject Json(WorkerRecord w) => new()
    {
        ["workerId"] = w.WorkerId,
        ["hostName"] = w.Host,
        ["processId"] = w.ProcessId,
        ["version"] = w.Version,
        ["state"] = w.State.ToString().ToLowerInvariant(),
        ["concurrency"] = w.Concurrency,
        ["running"] = w.Running,
        ["jobTypes"] = new JsonArray(w.JobTypes.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
        ["transport"] = w.Transport,
        ["started"] = w.Started,
        ["lastHeartbeat"] = w.Heartbeat,
        ["heartbeatAgeSeconds"] = Math.Round(w.HeartbeatAge.TotalSeconds, 3),
        ["expiresAt"] = w.ExpiresAt,
    };

    private static void Table(TextWriter output, IReadOnlyList<WorkerRecord> workers) =>
        TableOutput.Columns(output, ["HOST", "PID", "STATE", "RUNNING", "UP", "HEARTBEAT", "VERSION", "WORKER ID"],
            workers.Select(w => new[]
            {
                w.Host, w.ProcessId.ToString(CultureInfo.InvariantCulture), w.State.ToString().ToLowerInvariant(), $"{w.Running}/{w.Concurrency}",
                Age(w.ReadAt - w.Started), Age(w.HeartbeatAge) + " ago", w.Version, w.WorkerId,
            }), rightAligned: [1, 3, 4, 5]);

    /// <summary>An age as the job list shows it: whole days, hours, minutes or seconds.</summary>
    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h"
        : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m" : $"{(int)Math.Max(0, age.TotalSeconds)}s";

    private static bool IsPattern(string text) => text.IndexOfAny(['*', '?']) >= 0;

    private static bool Matches(string pattern, string value) => FileSystemName.MatchesSimpleExpression(pattern, value, ignoreCase: true);

    private static WorkerState ParseState(string text) =>
        Enum.TryParse<WorkerState>(text, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _) ? s
            : throw new GeoValidationException("state", "allowed", $"'--state' must be one of {string.Join(", ", States)}; got '{text}'.");
}
