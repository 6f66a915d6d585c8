using System.CommandLine;
using System.Text.Json.Nodes;
using GeoOrchestration.Cli.Output;
using GeoOrchestration.Hosting;
using GeoOrchestration.Hosting.Health;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// <c>geoorch health</c>: the worker probe for Docker's HEALTHCHECK and Kubernetes' exec probes (Hosting's
/// <see cref="HealthProbe"/>). Exit 0 healthy, 1 unhealthy (Docker's meaning), one line on stdout saying why;
/// bad options or connection are refused as every command refuses them (exit 2), which a probe counts as unhealthy too.
/// </summary>
public static class HealthCommand
{
    /// <summary>Exit code of an unhealthy worker or store: Docker's HEALTHCHECK "unhealthy".</summary>
    public const int Unhealthy = 1;

    public static Command Create(GlobalOptions options)
    {
        var healthFile = new Option<string?>("--health-file")
        {
            Description = $"The worker's heartbeat file (default: ${WorkerEnvironment.HealthFileVariable}; without one only the store is checked).",
        };
        var maxAge = new Option<double?>("--max-age")
        {
            Description = $"Seconds after which the heartbeat is stale (default {HealthProbe.MinimumDefaultMaxAge.TotalSeconds:0}, " +
                $"or {HealthProbe.DefaultMissedTurns} of the worker's turn intervals when longer).",
        }.AsSeconds();
        var liveness = new Option<bool>("--liveness") { Description = "Check only the heartbeat, not the store (a livenessProbe: a database outage must not restart workers)." };
        var timeout = new Option<double?>("--timeout")
        {
            Description = $"Seconds the store's schema check may take (default {HealthProbe.DefaultTimeout.TotalSeconds:0}).",
        }.AsSeconds();
        var command = new Command("health", "Probe a worker: its heartbeat file is fresh and names a running process, and the store answers. Exit 0 healthy, 1 unhealthy.");
        command.Add(healthFile);
        command.Add(maxAge);
        command.Add(liveness);
        command.Add(timeout);
        command.SetAction((parse, ct) => CliSession.RunOfflineAsync(parse, options, async session =>
        {
            var probe = new HealthProbeOptions
            {
                HealthFile = parse.GetValue(healthFile) ?? WorkerEnvironment.ReadHealthFile(),
                MaxAge = parse.GetValue(maxAge) is { } age ? Positive("max-age", age) : null,
                Liveness = parse.GetValue(liveness),
                Timeout = parse.GetValue(timeout) is { } t ? Positive("timeout", t) : HealthProbe.DefaultTimeout,
            };
            // The connection only when the store is checked: a liveness probe reads nothing else.
            var store = probe.Liveness ? null : CliSession.ResolveConnection(parse, options);
            var report = await HealthProbe.CheckAsync(probe, store, cancellationToken: ct);
            if (session.Json) JsonOutput.Write(session.Out, Json(report));
            else session.Out.WriteLine(report.ToString());
            return report.Healthy ? ExitCodes.Success : Unhealthy;
        }));
        return command;
    }

    private static TimeSpan Positive(string name, double seconds) => seconds > 0
        ? WorkerOptionsBinder.Seconds(name, seconds)
        : throw new Errors.GeoValidationException(name.Replace('-', '_'), "minimum", $"'--{name}' must be more than 0 seconds; got {seconds}.");

    private static JsonObject Json(HealthReport r) => new()
    {
        ["healthy"] = r.Healthy,
        ["reason"] = r.Reason,
        ["healthFile"] = r.HealthFile,
        ["state"] = r.State,
        ["heartbeatAgeSeconds"] = r.HeartbeatAge?.TotalSeconds,
        ["maxAgeSeconds"] = r.MaxAge?.TotalSeconds,
        ["processAlive"] = r.ProcessAlive,
        ["storeReachable"] = r.StoreReachable,
        ["workerId"] = r.WorkerId,
        ["processId"] = r.ProcessId,
        ["running"] = r.Running,
        ["executed"] = r.Executed,
        ["lastStoreCallSucceeded"] = r.LastStoreCallSucceeded,
        ["lastStoreError"] = r.LastStoreError,
    };
}
