using System.Diagnostics;
using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoOrchestration.Hosting.Health;

/// <summary>
/// Writes a running worker's heartbeat file (<c>geoorch worker --health-file</c>, <c>Start-GeoWorker -HealthFile</c>,
/// <c>GEO_HEALTH_FILE</c>): every <see cref="DefaultWriteInterval"/> a <see cref="HeartbeatRecord"/> of the worker's
/// <see cref="Worker.Vitals"/>, written whole to a temporary file beside it and renamed over it, so a probe never
/// reads half a record. This timer only copies: the heartbeat inside is the worker's own (its loops'), so a wedged
/// worker's file keeps being written with a heartbeat that ages. Disposing it (the worker has stopped) marks the file
/// <c>stopped</c> (or <c>failed</c>); a killed process leaves its last record, which a probe finds stale or naming a dead process.
/// </summary>
public sealed class HeartbeatFile : IAsyncDisposable
{
    /// <summary>Error id of a health file that cannot be written at start.</summary>
    public const string UnwritableId = "HealthFileUnwritable";

    /// <summary>How often the record is written: 2 seconds, well inside the worker's turn interval and a probe's allowance.</summary>
    public static readonly TimeSpan DefaultWriteInterval = TimeSpan.FromSeconds(2);

    private readonly Worker _worker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _temporary;
    private readonly DateTimeOffset _created;
    private readonly DateTimeOffset? _processStarted;
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _failing;
    private bool _stoppedCleanly;

    private HeartbeatFile(string path, Worker worker, TimeProvider time, ILogger logger, TimeSpan interval)
    {
        Path = path;
        _worker = worker;
        _time = time;
        _logger = logger;
        _temporary = $"{path}.{Environment.ProcessId}.tmp";
        _created = time.GetUtcNow();
        _processStarted = ProcessStart();
        // The first record is written before the worker starts: a path that cannot be written stops it here.
        Write(Record());
        _loop = LoopAsync(interval);
    }

    /// <summary>The file written, as a full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates the file's folder when missing, writes the first record (state <c>starting</c>) and keeps writing
    /// until disposed. Call it before the worker runs, so a bad path stops the worker before it claims anything.
    /// </summary>
    /// <param name="path">The file; a relative path is taken from the working directory.</param>
    /// <param name="worker">The worker whose <see cref="Worker.Vitals"/> is written.</param>
    /// <param name="time">Default the system clock.</param>
    /// <param name="logger">Where a later write failure is reported (once per run of failures).</param>
    /// <param name="interval">Default <see cref="DefaultWriteInterval"/>.</param>
    /// <exception cref="GeoConfigurationException">Id <see cref="UnwritableId"/>: the folder or file cannot be created or written, naming the path and why.</exception>
    public static HeartbeatFile Start(string path, Worker worker, TimeProvider? time = null, ILogger? logger = null, TimeSpan? interval = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            return new HeartbeatFile(full, worker, time ?? TimeProvider.System, logger ?? NullLogger.Instance, interval ?? DefaultWriteInterval);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new GeoConfigurationException(UnwritableId,
                $"The health file '{full}' cannot be written ({e.Message.TrimEnd('.')}); nothing was started. Give a path in a folder this user may " +
                $"write (--health-file, -HealthFile or {WorkerEnvironment.HealthFileVariable}), e.g. /tmp/geoorch/health.json.", e);
        }
    }

    /// <summary>
    /// The same, for a host that takes log lines as <see cref="Logging.GeoLogLine"/>s (the PowerShell module): a later write failure goes to <paramref name="log"/> as a warning.
    /// </summary>
    /// <exception cref="GeoConfigurationException">Id <see cref="UnwritableId"/>: the folder or file cannot be created or written.</exception>
    public static HeartbeatFile Start(string path, Worker worker, Action<Logging.GeoLogLine> log) =>
        Start(path, worker, logger: Logging.GeoLoggers.FromCallback(log, Logging.GeoLogLevel.Warning).CreateLogger(Logging.WorkerLogMessages.Category));

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) await WriteQuietlyAsync(Record());
        }
        catch (OperationCanceledException)
        {
        }
    }

    private HeartbeatRecord Record(string? state = null)
    {
        var activity = _worker.Vitals;
        return new HeartbeatRecord
        {
            State = state ?? (activity.Started is null ? "starting" : activity.Stopping ? "stopping" : "running"),
            WorkerId = _worker.WorkerId,
            ProcessId = Environment.ProcessId,
            ProcessStarted = _processStarted,
            Started = activity.Started,
            // Until the worker's loops run, starting counts from when this file was made: a start that hangs ages too.
            Heartbeat = activity.Heartbeat ?? _created,
            Written = _time.GetUtcNow(),
            TurnIntervalSeconds = activity.TurnInterval.TotalSeconds,
            Running = activity.Running,
            Executed = activity.Executed,
            LastStoreCallSucceeded = activity.LastStoreCallSucceeded,
            LastStoreError = activity.LastStoreError,
        };
    }

    private void Write(HeartbeatRecord record)
    {
        // Whole, then renamed over the file: rename is atomic, so a reader sees the old record or the new one.
        File.WriteAllText(_temporary, record.ToJson());
        File.Move(_temporary, Path, overwrite: true);
    }

    private async Task WriteQuietlyAsync(HeartbeatRecord record)
    {
        await _writing.WaitAsync();
        try
        {
            Write(record);
            _failing = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The probe will find the heartbeat stale, which is what it should say; one line per run of failures.
            if (!_failing) _logger.LogWarning("Writing the health file {Path} failed ({Reason}); a probe will find the heartbeat stale", Path, e.Message);
            _failing = true;
        }
        finally
        {
            _writing.Release();
        }
    }

    private static DateTimeOffset? ProcessStart()
    {
        try
        {
            using var self = Process.GetCurrentProcess();
            return self.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The worker's run has returned (a clean stop): disposing marks the file <c>stopped</c> rather than <c>failed</c>.</summary>
    public void WorkerStopped() => _stoppedCleanly = true;

    /// <summary>
    /// Stops writing and marks the file <c>stopped</c> after <see cref="WorkerStopped"/>, else <c>failed</c> (the worker's run
    /// ended with an error): either way a probe reports the worker unhealthy at once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await WriteQuietlyAsync(Record(_stoppedCleanly ? "stopped" : "failed"));
        try { File.Delete(_temporary); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* it was renamed away */ }
        _stop.Dispose();
        _writing.Dispose();
    }
}
