using System.Management.Automation;
using GeoOrchestration.Hosting.Health;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Commands;

/// <summary>
/// Probes a worker as <c>geoorch health</c> does (Hosting's <see cref="HealthProbe"/>): its heartbeat file is fresh and
/// names a running process, and the store answers a schema check within the timeout (not with <c>-Liveness</c>).
/// Outputs a <see cref="GeoWorkerHealth"/>, or with <c>-Quiet</c> just <c>$true</c> / <c>$false</c> (for a container's
/// HEALTHCHECK). An unhealthy worker is a result, not an error; bad parameters are. Deploys nothing and creates nothing.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "GeoWorkerHealth")]
[OutputType(typeof(GeoWorkerHealth), typeof(bool))]
public sealed class TestGeoWorkerHealthCommand : GeoCmdlet
{
    /// <summary>The worker's heartbeat file. Default <c>$env:GEO_HEALTH_FILE</c>; without one only the store is checked.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? HealthFile { get; set; }

    /// <summary>Seconds after which the heartbeat is stale. Default 60, or 4 of the worker's turn intervals when longer.</summary>
    [Parameter]
    [ValidateRange(0.001, 86_400 * 365)]
    public double? MaxAge { get; set; }

    /// <summary>Check only the heartbeat, not the store (a livenessProbe: a database outage must not restart workers).</summary>
    [Parameter]
    public SwitchParameter Liveness { get; set; }

    /// <summary>Seconds the store's schema check may take. Default 5.</summary>
    [Parameter]
    [ValidateRange(0.001, 86_400)]
    public double? Timeout { get; set; }

    /// <summary>Output only whether the worker is healthy.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            var file = (HealthFile ?? Hosting.WorkerEnvironment.ReadHealthFile()) is { } path ? GetUnresolvedProviderPathFromPSPath(path) : null;
            var options = new HealthProbeOptions
            {
                HealthFile = file,
                MaxAge = Seconds.From(MaxAge),
                Liveness = Liveness,
                Timeout = Seconds.From(Timeout) ?? HealthProbe.DefaultTimeout,
            };
            // Only the store's location: the module's shared client (which would create the embedded default file) is not used.
            var store = Liveness ? null : ResolvedConnection.Connection;
            if (store is not null) WriteVerbose($"Store: {ResolvedConnection.Describe()}");
            var report = RunOffline(token => HealthProbe.CheckAsync(options, store, cancellationToken: token));
            WriteVerbose(report.ToString());
            if (Quiet) WriteObject(report.Healthy);
            else WriteObject(new GeoWorkerHealth(report));
        }
        catch (Exception e) when (e is Errors.GeoException)
        {
            Fail(e, HealthFile);
        }
    }
}
