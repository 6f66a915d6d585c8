using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// One task's lease on a GDAL host (<see cref="GdalHostPool.OpenAsync"/>): GDAL's utilities as
/// library calls in that host, each a request and its response. A failure GDAL reports is a
/// <see cref="GdalPermanentException"/> or <see cref="GdalTransientException"/> classified as the
/// tools' failures are (<see cref="GdalFailure"/>), quoting GDAL's errors and naming the subject;
/// the host dying during a call (a crash, SIGKILL, the OOM killer) is a
/// <see cref="GdalTransientException"/> naming the signal, and the next call starts a new host.
/// Cancellation kills the host at once and throws <see cref="OperationCanceledException"/>.
/// Disposing hands the host back to the pool. Not thread-safe: one task, one call at a time.
/// </summary>
public sealed class GdalSession : IAsyncDisposable
{
    /// <summary>The arguments of <see cref="InfoAsync"/>: gdalinfo's JSON, with the IMAGERY metadata domain.</summary>
    public static readonly IReadOnlyList<string> InfoArguments = ["-json", "-mdd", "IMAGERY"];

    private readonly GdalHostPool _pool;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private GdalHostProcess? _host;
    private bool _disposed;

    internal GdalSession(GdalHostPool pool, GdalHostProcess host, IReadOnlyDictionary<string, string> environment)
    {
        _pool = pool;
        _host = host;
        _environment = environment;
    }

    /// <summary>Time spent in GDAL requests (each a round trip to the host) and their count.</summary>
    public GdalClock Clock { get; } = new();

    /// <summary>The process id of the session's host; 0 after the host died, until the next call starts another.</summary>
    public int HostProcessId => _host?.ProcessId ?? 0;

    /// <summary>The warnings (and errors) GDAL raised during the last successful call, in order.</summary>
    public IReadOnlyList<GdalMessage> LastMessages { get; private set; } = [];

    /// <summary>Describes the raster at <paramref name="path"/> as <c>gdalinfo -json -mdd IMAGERY</c> does.</summary>
    /// <param name="subject">Names the raster in messages (the path a user knows, e.g. a blob's name).</param>
    /// <exception cref="FormatException">GDAL's description is not the JSON expected.</exception>
    public async Task<GdalInfo> InfoAsync(string path, string subject, CancellationToken cancellationToken) =>
        GdalInfoReader.Parse(await InfoJsonAsync(path, InfoArguments, subject, cancellationToken), subject);

    /// <summary>What <c>gdalinfo</c> prints for <paramref name="path"/> with <paramref name="arguments"/> (GDALInfo).</summary>
    public async Task<string> InfoJsonAsync(string path, IReadOnlyList<string> arguments, string subject, CancellationToken cancellationToken)
    {
        var result = await CallAsync("info", new JsonObject { ["path"] = path, ["args"] = Strings(arguments) },
            "GDALInfo", subject, arguments, cancellationToken);
        return Text(result["json"]) ?? throw new FormatException($"GDAL's host described {subject} without its JSON.");
    }

    /// <summary>Writes <paramref name="destination"/> from <paramref name="source"/> as <c>gdal_translate</c> with <paramref name="arguments"/> does (GDALTranslate), closed and complete.</summary>
    public Task TranslateAsync(string source, string destination, IReadOnlyList<string> arguments, string subject,
        CancellationToken cancellationToken) =>
        CallAsync("translate", new JsonObject { ["source"] = source, ["destination"] = destination, ["args"] = Strings(arguments) },
            "GDALTranslate", subject, arguments, cancellationToken);

    /// <summary>Writes <paramref name="destination"/> from <paramref name="source"/> as <c>gdalwarp</c> with <paramref name="arguments"/> does (GDALWarp), closed and complete.</summary>
    public Task WarpAsync(string source, string destination, IReadOnlyList<string> arguments, string subject,
        CancellationToken cancellationToken) =>
        CallAsync("warp", new JsonObject { ["source"] = source, ["destination"] = destination, ["args"] = Strings(arguments) },
            "GDALWarp", subject, arguments, cancellationToken);

    /// <summary>
    /// Pixel/line positions of the raster at <paramref name="path"/> in <paramref name="targetSrs"/>,
    /// as <c>gdaltransform -t_srs</c> prints them (for EPSG:4326 longitude, latitude); null for a
    /// point that could not be transformed. A raster without georeferencing, or a CRS that cannot
    /// reach the target, fails permanently with GDAL's errors.
    /// </summary>
    public async Task<IReadOnlyList<(double X, double Y)?>> TransformAsync(string path, string targetSrs,
        IReadOnlyList<(double Col, double Row)> pixels, string subject, CancellationToken cancellationToken)
    {
        var points = new JsonArray(pixels.Select(p => (JsonNode?)new JsonArray(p.Col, p.Row)).ToArray());
        var result = await CallAsync("transform", new JsonObject { ["path"] = path, ["target_srs"] = targetSrs, ["points"] = points },
            "GDALGenImgProjTransform", subject, ["-t_srs", targetSrs], cancellationToken);
        var answered = result["points"] as JsonArray ?? throw new FormatException($"GDAL's host transformed {subject} without points.");
        return answered.Select(p => p is JsonArray { Count: 2 } xy ? ((double X, double Y)?)(xy[0]!.GetValue<double>(), xy[1]!.GetValue<double>()) : null)
            .ToList();
    }

    /// <summary>The creation options <paramref name="driver"/> accepts, as GDAL's XML (DMD_CREATIONOPTIONLIST); empty when it lists none.</summary>
    public async Task<string> CreationOptionListAsync(string driver, CancellationToken cancellationToken)
    {
        var result = await CallAsync("creation_options", new JsonObject { ["driver"] = driver },
            "GDALGetMetadataItem", $"driver {driver}", [], cancellationToken);
        return Text(result["xml"]) ?? "";
    }

    /// <summary>Null when GDAL understands <paramref name="srs"/> (OSRSetFromUserInput); else GDAL's reason.</summary>
    public async Task<string?> SrsProblemAsync(string srs, CancellationToken cancellationToken)
    {
        var response = await SendAsync("srs", new JsonObject { ["text"] = srs }, "OSRSetFromUserInput", srs, cancellationToken);
        if (IsOk(response)) return null;
        var errors = MessagesOf(response).Where(m => m.IsError).Select(m => m.Text).Distinct().ToList();
        return errors.Count == 0 ? "GDAL does not recognise it" : string.Join(" ", errors);
    }

    /// <summary>Hands the host back to the pool (or ends it when it broke or wore out).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        var host = _host;
        _host = null;
        await _pool.EndSessionAsync(host);
    }

    // A request whose ok=false is a failure in the taxonomy; returns the result object.
    private async Task<JsonObject> CallAsync(string op, JsonObject fields, string function, string subject,
        IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var response = await SendAsync(op, fields, function, subject, cancellationToken);
        var messages = MessagesOf(response);
        if (IsOk(response))
        {
            LastMessages = messages;
            return response["result"] as JsonObject ?? [];
        }
        if (response["usage"] is JsonValue usage && usage.TryGetValue<bool>(out var isUsage) && isUsage)
        {
            var said = string.Join(" ", messages.Select(m => m.ToString()).Distinct());
            throw new GdalPermanentException(function, GdalFailure.NoExitCode, messages,
                $"{function} on {subject} refused its arguments ({string.Join(' ', arguments)}){(said.Length == 0 ? "." : $": {said}")}");
        }
        throw GdalFailure.From(function, subject, messages);
    }

    private async Task<JsonObject> SendAsync(string op, JsonObject fields, string function, string subject, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_host is not { IsBroken: false })
        {
            if (_host is { } dead) await _pool.DiscardAsync(dead);
            _host = null;
            _host = await _pool.StartAsync(_environment, cancellationToken);
        }
        var host = _host;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await host.RequestAsync(op, fields, function, subject, cancellationToken);
        }
        catch when (host.IsBroken)
        {
            _host = null;
            await _pool.DiscardAsync(host);
            throw;
        }
        finally
        {
            Clock.Add(Stopwatch.GetElapsedTime(started));
        }
    }

    private static bool IsOk(JsonObject response) => response["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && isOk;

    private static IReadOnlyList<GdalMessage> MessagesOf(JsonObject response) =>
        (response["messages"] as JsonArray ?? [])
        .OfType<JsonObject>()
        .Select(m => new GdalMessage(
            m["error"] is JsonValue e && e.TryGetValue<bool>(out var isError) && isError,
            m["number"] is JsonValue n && n.TryGetValue<int>(out var number) ? number : 0,
            Text(m["text"]) ?? ""))
        .ToList();

    private static JsonArray Strings(IReadOnlyList<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
