using GeoOrchestration.Errors;

namespace GeoOrchestration.Cli.Telemetry;

/// <summary>
/// Which trace exporters the standard OpenTelemetry environment asks for. Nothing unless asked:
/// <c>OTEL_TRACES_EXPORTER</c> naming <c>otlp</c> and/or <c>console</c> (comma-separated), or an OTLP
/// endpoint set (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>), which
/// means <c>otlp</c>. <c>OTEL_TRACES_EXPORTER=none</c> or <c>OTEL_SDK_DISABLED=true</c> turns it all off.
/// Unlike the specification's default (otlp), an unset environment starts no exporter: a command
/// line tool must not try to reach a collector nobody configured.
/// </summary>
/// <param name="Otlp">Export over OTLP (endpoint, protocol, headers and timeout from the OTEL_EXPORTER_OTLP_* variables, read by the SDK).</param>
/// <param name="Console">Write each span to standard output (for a look without a collector).</param>
internal sealed record TraceExportSettings(bool Otlp, bool Console)
{
    public const string ExporterVariable = "OTEL_TRACES_EXPORTER";
    public static readonly string[] EndpointVariables = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];

    /// <summary>The exporters asked for; null when none is (nothing starts).</summary>
    /// <exception cref="GeoValidationException">OTEL_TRACES_EXPORTER names an exporter geoorch does not have (field OTEL_TRACES_EXPORTER, rule <c>allowed</c>), as a bad GEO_* variable is refused.</exception>
    public static TraceExportSettings? FromEnvironment(Func<string, string?> environment)
    {
        if (string.Equals(environment("OTEL_SDK_DISABLED")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return null;
        var named = environment(ExporterVariable);
        if (string.IsNullOrWhiteSpace(named))
            return EndpointVariables.Any(v => !string.IsNullOrWhiteSpace(environment(v))) ? new TraceExportSettings(Otlp: true, Console: false) : null;
        var names = named.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).ToList();
        var unknown = names.Where(n => n is not ("otlp" or "console" or "none")).ToList();
        if (unknown.Count > 0)
            throw new GeoValidationException(ExporterVariable, "allowed",
                $"{ExporterVariable} names {string.Join(", ", unknown.Select(u => $"'{u}'"))}: it must be otlp, console, both (comma-separated) or none.");
        if (names.Contains("none")) return null;
        return new TraceExportSettings(names.Contains("otlp"), names.Contains("console"));
    }
}
