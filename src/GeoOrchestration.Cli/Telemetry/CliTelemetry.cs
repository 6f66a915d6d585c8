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
    /// <param name="command">The command's name.</param>
    /// <param name="error">Where a malformed <c>TRACEPARENT</c> is warned about (stderr).</param>
    public static TracerProvider? Start(string command, TextWriter? error = null)
    {
        if (!TracedCommands.Contains(command)) return null;
        if (command is "submit" or "run") JobTraceContext.ProcessParent = EnvironmentParent(error ?? Console.Error);
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

    /// <summary>The variables of OpenTelemetry's environment-variable carrier: the trace a CI pipeline's step runs in.</summary>
    public const string TraceParentVariable = "TRACEPARENT", TraceStateVariable = "TRACESTATE";

    /// <summary>
    /// The parent context <c>TRACEPARENT</c> / <c>TRACESTATE</c> give, used when no span is current; null when unset, and
    /// for a malformed one (warned about: the job runs all the same, in a trace of its own).
    /// </summary>
    internal static System.Diagnostics.ActivityContext? EnvironmentParent(TextWriter error)
    {
        if (Environment.GetEnvironmentVariable(TraceParentVariable) is not { Length: > 0 } text) return null;
        if (JobTraceContext.ParseRemote(text, Environment.GetEnvironmentVariable(TraceStateVariable)) is { } parent) return parent;
        var shown = text.Length > 80 ? text[..80] + "..." : text;
        error.WriteLine($"geoorch: warning: {TraceParentVariable} '{shown}' is not a W3C traceparent (00-<32 hex trace id>-<16 hex span id>-<2 hex flags>); ignored: the job gets a trace of its own.");
        return null;
    }

    private static bool NamesService() =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME"))
        || (Environment.GetEnvironmentVariable("OTEL_RESOURCE_ATTRIBUTES") ?? "").Split(',').Any(a => a.Trim().StartsWith("service.name=", StringComparison.Ordinal));
}
