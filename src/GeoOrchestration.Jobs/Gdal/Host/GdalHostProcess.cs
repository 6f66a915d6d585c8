using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// One running GDAL host (GeoOrchestration.GdalHost): started from <see cref="ToolStarter"/>'s
/// thread so its parent-death signal holds, greeted by its hello line, then asked one request at a
/// time over stdin/stdout (one JSON object a line). A host that dies, hangs past a cancellation or
/// answers out of protocol is <see cref="IsBroken"/> and never asked again. Not thread-safe: one
/// session uses it at a time.
/// </summary>
internal sealed class GdalHostProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 20;
    private static readonly Encoding Utf8 = GdalHostJson.Encoding;

    private readonly Process _process;
    private readonly GdalHostErrorTail _errors = new(KeptErrorLines);
    private readonly Task _errorPump;
    private long _nextId;
    private volatile bool _killed;
    private int _disposed;

    private GdalHostProcess(Process process, string environmentKey)
    {
        _process = process;
        ProcessId = process.Id;
        EnvironmentKey = environmentKey;
        _errorPump = PumpErrorsAsync();
    }

    public int ProcessId { get; }

    /// <summary>The <see cref="GdalHostEnvironment.Key"/> of the extra variables it was started with.</summary>
    public string EnvironmentKey { get; }

    /// <summary>The GDAL version the host loaded (from its hello).</summary>
    public string GdalVersion { get; private set; } = "";

    /// <summary>The host's resident set in bytes after its last request (0 before the first, or where the OS does not say).</summary>
    public long ResidentBytes { get; private set; }

    /// <summary>Sessions the host has served (the pool counts them as they end).</summary>
    public int Sessions { get; set; }

    /// <summary>When the host last went idle (the pool's clock).</summary>
    public DateTimeOffset IdleSince { get; set; }

    /// <summary>True once the host died, was killed or broke the protocol: it must not be used again.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>
    /// Starts a host and waits for its hello. A host that cannot load GDAL is the
    /// <see cref="GdalFailure.LibraryNotFound"/> configuration error; one that exits before its
    /// hello is a configuration error quoting its stderr; one that dies by a signal or stays silent
    /// for <paramref name="startTimeout"/> is killed and a <see cref="GdalTransientException"/>.
    /// </summary>
    public static async Task<GdalHostProcess> StartAsync(GdalHostProgram program, IReadOnlyDictionary<string, string> extra,
        TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = new ProcessStartInfo(program.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in program.Arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--parent");
        start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        GdalHostEnvironment.Apply(start.Environment, extra);
        var process = new Process { StartInfo = start };
        try
        {
            await ToolStarter.StartAsync(process);
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw GdalFailure.HostNotFound($"'{program.FileName}' ({e.Message})");
        }
        process.StandardInput.NewLine = "\n";
        var host = new GdalHostProcess(process, GdalHostEnvironment.Key(extra));
        try
        {
            await host.ReadHelloAsync(program, startTimeout, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task ReadHelloAsync(GdalHostProgram program, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        using var silent = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silent.CancelAfter(startTimeout);
        string? line;
        using (silent.Token.Register(Kill)) line = await ReadLineAsync();
        if (line is null)
        {
            var exitCode = await ExitCodeAsync();
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            if (silent.IsCancellationRequested)
                throw new GdalTransientException("GDALAllRegister", exitCode, [],
                    $"GDAL host (pid {ProcessId}) did not start within {startTimeout.TotalSeconds:0} s and was killed{Tail()}");
            if (exitCode > 128)
                throw new GdalTransientException("GDALAllRegister", exitCode, [],
                    $"GDAL host (pid {ProcessId}) died with {UnixSignal.Describe(exitCode - 128)} while starting{Tail()}");
            throw new GeoConfigurationException(GdalFailure.NotFoundId,
                $"GDAL's host program ({string.Join(' ', [program.FileName, .. program.Arguments])}) exited with code {exitCode} before it started{Tail()}");
        }
        var hello = Parse<GdalHostHello>(line);
        if (hello is not { Type: GdalHostHello.HelloType })
            throw Broken($"GDAL host (pid {ProcessId}) started with something other than its hello: {Clip(line)}");
        if (hello.Ok)
        {
            GdalVersion = hello.Gdal ?? "";
            return;
        }
        var reason = hello.Message ?? hello.Error ?? "no reason given";
        if (hello.Error == GdalHostHello.LibraryMissing) throw GdalFailure.LibraryNotFound(reason);
        throw new GeoConfigurationException(GdalFailure.NotFoundId, $"GDAL's host could not start: {reason}");
    }

    /// <summary>
    /// Sends <paramref name="request"/> (numbered here) and returns its response, whatever its
    /// <c>ok</c>. The host dying meanwhile is a <see cref="GdalTransientException"/> naming the C
    /// function (<see cref="GdalHostOps.FunctionOf"/>), <paramref name="subject"/>
    /// and the signal or exit code, with the host's last stderr lines; cancellation kills the host,
    /// waits for it and throws <see cref="OperationCanceledException"/>. Either way the host is broken.
    /// </summary>
    public async Task<GdalHostResponse> RequestAsync(GdalHostRequest request, string subject, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsBroken, this);
        cancellationToken.ThrowIfCancellationRequested();
        var id = ++_nextId;
        var function = GdalHostOps.FunctionOf(request.Op);
        string? line;
        using (cancellationToken.Register(Kill))
        {
            try
            {
                await _process.StandardInput.WriteLineAsync(GdalHostJson.Line(request with { Id = id }));
                await _process.StandardInput.FlushAsync(CancellationToken.None);
                line = await ReadLineAsync();
            }
            catch (IOException)
            {
                line = null; // The pipe broke: the host is gone.
            }
        }
        if (_killed || line is null)
        {
            var exitCode = await ExitCodeAsync();
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            var how = exitCode > 128 ? $"died with {UnixSignal.Describe(exitCode - 128)}" : $"exited with code {exitCode}";
            throw new GdalTransientException(function, exitCode, [],
                $"GDAL host (pid {ProcessId}) {how} while running {function} on {subject}{Tail()}");
        }
        var response = Parse<GdalHostResponse>(line);
        if (response is null || response.Id != id)
            throw Broken($"GDAL host (pid {ProcessId}) answered {function} on {subject} out of protocol: {Clip(line)}");
        ResidentBytes = response.RssBytes;
        return response;
    }

    /// <summary>Kills the host at once (SIGKILL); it is broken from then on.</summary>
    public void Kill()
    {
        _killed = true;
        IsBroken = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Exited meanwhile, or never started.
        }
    }

    /// <summary>Ends the host: stdin closed (it exits 0 at EOF), then killed if it has not exited within a short wait.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        IsBroken = true;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
        await WaitForExitOrKillAsync(TimeSpan.FromSeconds(2));
        _process.Dispose();
    }

    /// <summary>Whether the process is still running (false once it exited or was reaped).</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    private async Task<string?> ReadLineAsync()
    {
        try
        {
            return await _process.StandardOutput.ReadLineAsync(CancellationToken.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // The stream ended: wait for the exit (killing a host that closed stdout but lingers), then its code.
    private async Task<int> ExitCodeAsync()
    {
        IsBroken = true;
        await WaitForExitOrKillAsync(TimeSpan.FromSeconds(5));
        try
        {
            return _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return GdalFailure.NoExitCode; // Disposed under us (the pool is being disposed).
        }
    }

    // Waits up to the grace for the host to exit, then kills it and waits; then lets the stderr pump take its last lines.
    private async Task WaitForExitOrKillAsync(TimeSpan grace)
    {
        using var patience = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Disposed under us: the pool is being disposed.
        }
        await AwaitErrorPumpAsync();
    }

    private async Task PumpErrorsAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line) _errors.Add(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The host is gone.
        }
    }

    // The last lines arrive just before EOF on stderr; a bounded wait, in case something else holds the pipe open.
    private async Task AwaitErrorPumpAsync()
    {
        try
        {
            await _errorPump.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }
    }

    private string Tail()
    {
        var tail = _errors.ToString();
        return tail.Length == 0 ? "." : $"; its last lines on stderr: {tail}";
    }

    private GdalTransientException Broken(string message)
    {
        Kill();
        return new GdalTransientException("GDAL host", GdalFailure.NoExitCode, [], message);
    }

    private static T? Parse<T>(string line) where T : class
    {
        try
        {
            return GdalHostJson.Read<T>(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Clip(string text) => text.Length > 200 ? text[..197] + "..." : text;
}
