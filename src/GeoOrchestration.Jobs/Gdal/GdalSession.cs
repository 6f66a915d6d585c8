using System.Diagnostics;
using System.Text.Json;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;

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

    /// <param name="started">Whether <paramref name="host"/> was started for this lease (rather than an idle one reused).</param>
    internal GdalSession(GdalHostPool pool, GdalHostProcess host, IReadOnlyDictionary<string, string> environment, bool started)
    {
        _pool = pool;
        _host = host;
        _environment = environment;
        if (started) Clock.AddHostStart();
    }

    /// <summary>Time spent in GDAL requests (each a round trip to the host), their count, and the hosts started for the session.</summary>
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
        var response = await CallAsync(new GdalHostRequest { Op = GdalHostOps.Info, Path = path, Args = arguments }, subject, cancellationToken);
        return Result<GdalHostInfoResult>(response, subject).Json;
    }

    /// <summary>Writes <paramref name="destination"/> from <paramref name="source"/> as <c>gdal_translate</c> with <paramref name="arguments"/> does (GDALTranslate), closed and complete.</summary>
    public Task TranslateAsync(string source, string destination, IReadOnlyList<string> arguments, string subject,
        CancellationToken cancellationToken) =>
        CallAsync(new GdalHostRequest { Op = GdalHostOps.Translate, Source = source, Destination = destination, Args = arguments },
            subject, cancellationToken);

    /// <summary>Writes <paramref name="destination"/> from <paramref name="source"/> as <c>gdalwarp</c> with <paramref name="arguments"/> does (GDALWarp), closed and complete.</summary>
    public Task WarpAsync(string source, string destination, IReadOnlyList<string> arguments, string subject,
        CancellationToken cancellationToken) =>
        CallAsync(new GdalHostRequest { Op = GdalHostOps.Warp, Source = source, Destination = destination, Args = arguments },
            subject, cancellationToken);

    /// <summary>
    /// Pixel/line positions of the raster at <paramref name="path"/> in <paramref name="targetSrs"/>,
    /// as <c>gdaltransform -t_srs</c> prints them (for EPSG:4326 longitude, latitude); null for a
    /// point that could not be transformed. A raster without georeferencing, or a CRS that cannot
    /// reach the target, fails with GDAL's errors.
    /// </summary>
    public async Task<IReadOnlyList<(double X, double Y)?>> TransformAsync(string path, string targetSrs,
        IReadOnlyList<(double Col, double Row)> pixels, string subject, CancellationToken cancellationToken)
    {
        var request = new GdalHostRequest
        {
            Op = GdalHostOps.Transform, Path = path, TargetSrs = targetSrs, Points = pixels.Select(p => new[] { p.Col, p.Row }).ToList(),
        };
        var result = Result<GdalHostTransformResult>(await CallAsync(request, subject, cancellationToken), subject);
        return result.Points.Select(p => p is [var x, var y] ? ((double X, double Y)?)(x, y) : null).ToList();
    }

    /// <summary>The creation options <paramref name="driver"/> accepts, as GDAL's XML (DMD_CREATIONOPTIONLIST); empty when it lists none.</summary>
    public async Task<string> CreationOptionListAsync(string driver, CancellationToken cancellationToken)
    {
        var subject = $"driver {driver}";
        var response = await CallAsync(new GdalHostRequest { Op = GdalHostOps.CreationOptions, Driver = driver }, subject, cancellationToken);
        return Result<GdalHostCreationOptionsResult>(response, subject).Xml ?? "";
    }

    /// <summary>Null when GDAL understands <paramref name="srs"/> (OSRSetFromUserInput); else GDAL's reason.</summary>
    public async Task<string?> SrsProblemAsync(string srs, CancellationToken cancellationToken)
    {
        var response = await SendAsync(new GdalHostRequest { Op = GdalHostOps.Srs, Text = srs }, srs, cancellationToken);
        if (response.Ok) return null;
        var errors = response.Messages.Where(m => m.Error).Select(m => m.Text).Distinct().ToList();
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

    // A request whose ok=false is a failure in the taxonomy.
    private async Task<GdalHostResponse> CallAsync(GdalHostRequest request, string subject, CancellationToken cancellationToken)
    {
        var response = await SendAsync(request, subject, cancellationToken);
        var messages = response.Messages.Select(m => m.ToGdalMessage()).ToList();
        if (response.Ok)
        {
            LastMessages = messages;
            return response;
        }
        var function = GdalHostOps.FunctionOf(request.Op);
        if (response.Usage)
        {
            var said = string.Join(" ", messages.Select(m => m.ToString()).Distinct());
            throw new GdalPermanentException(function, GdalFailure.NoExitCode, messages,
                $"{function} on {subject} refused its arguments ({string.Join(' ', request.Args ?? [])}){(said.Length == 0 ? "." : $": {said}")}");
        }
        throw GdalFailure.From(function, subject, messages);
    }

    private async Task<GdalHostResponse> SendAsync(GdalHostRequest request, string subject, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_host is not { IsBroken: false })
        {
            if (_host is { } dead) await _pool.DiscardAsync(dead);
            _host = null;
            _host = await _pool.StartAsync(_environment, cancellationToken);
            Clock.AddHostStart();
        }
        var host = _host;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await host.RequestAsync(request, subject, cancellationToken);
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

    private static T Result<T>(GdalHostResponse response, string subject)
    {
        try
        {
            return response.ResultAs<T>();
        }
        catch (JsonException e)
        {
            throw new FormatException($"GDAL's host answered about {subject} without the result expected: {e.Message}", e);
        }
    }
}
