using GeoOrchestration.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GeoOrchestration.Cli.Telemetry;

/// <summary>
/// Starts the OpenTelemetry SDK for the commands that make the engine's spans (submit, run, worker)
/// when the environment asks for an exporter (<see cref="TraceExportSettings"/>); otherwise nothing
/// is created, no listener subscribes, and the engine's spans cost nothing. Disposing it flushes the
/// spans still batched (a worker stopped by SIGTERM exports its last ones).
/// </summary>
internal static class CliTelemetry
{
    /// <summary>The commands whose spans are exported: those that submit or run jobs.</summary>
    public static readonly string[] TracedCommands = ["submit", "run", "worker"];

    /// <summary>The tracer provider, or null when the command makes no spans or nothing is asked for.</summary>
    /// <exception cref="Errors.GeoValidationException">OTEL_TRACES_EXPORTER names an unknown exporter.</exception>
    public static TracerProvider? Start(string command)
    {
        if (!TracedCommands.Contains(command)) return null;
        if (TraceExportSettings.FromEnvironment(Environment.GetEnvironmentVariable) is not { } settings) return null;
        var builder = Sdk.CreateTracerProviderBuilder()
            .AddSource(GeoTracing.SourceName)
            .ConfigureResource(resource =>
            {
                // The SDK's default resource reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; geoorch
                // only names the service when neither does (the SDK's fallback is unknown_service:geoorch).
                if (!NamesService()) resource.AddService("geoorch", serviceVersion: typeof(CliTelemetry).Assembly.GetName().Version?.ToString());
            });
        if (settings.Otlp) builder.AddOtlpExporter();
        if (settings.Console) builder.AddConsoleExporter();
        return builder.Build();
    }

    private static bool NamesService() =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME"))
        || (Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") ?? "").Split(',').Any(a => a.Trim().StartsWith("service.name=", StringComparison.Ordinal));
}
