using System.Globalization;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Hosting.Health;

/// <summary>
/// The worker health probe behind <c>geoorch health</c> and <c>Test-GeoWorkerHealth</c>. Healthy when the heartbeat
/// file exists, names a process that runs, its heartbeat (the worker's own loops turning) is younger than the max
/// age, and (unless liveness only) the store answers a schema check within the timeout. Fast and harmless: nothing
/// is deployed or created (a missing embedded file stays missing), and a store is opened only to look.
/// </summary>
public static class HealthProbe
{
    /// <summary>How long the store's schema check may take unless told: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least default max age: 60 seconds. A healthy worker's loops turn every few seconds (its turn interval, 5 s by
    /// default), but a store call that hangs holds its loop until the call times out (Npgsql: 15 s to connect, 30 s per
    /// command; SQLite: 5 s busy timeout, tried three times) and a failed claim backs off up to 5 s: 60 s covers that, so
    /// a database outage alone never makes a worker stale, and a wedged worker is reported within a minute.
    /// </summary>
    public static readonly TimeSpan MinimumDefaultMaxAge = TimeSpan.FromSeconds(60);

    /// <summary>Turn intervals a heartbeat may miss before it is stale by default, for a worker whose loops turn slowly (a long poll interval).</summary>
    public const int DefaultMissedTurns = 4;

    /// <summary>The default max age for a worker's record: <see cref="MinimumDefaultMaxAge"/>, or <see cref="DefaultMissedTurns"/> of its turn interval when that is longer.</summary>
    public static TimeSpan DefaultMaxAge(HeartbeatRecord record)
    {
        var turns = TimeSpan.FromSeconds(Math.Min(record.TurnIntervalSeconds * DefaultMissedTurns, 86_400 * 365));
        return turns > MinimumDefaultMaxAge ? turns : MinimumDefaultMaxAge;
    }

    /// <summary>Runs the checks; never throws for an unhealthy worker or store (that is the report's to say).</summary>
    /// <param name="options">What to check.</param>
    /// <param name="store">The store to check (<c>GEO_CONNECTION</c> and the usual options); ignored with <see cref="HealthProbeOptions.Liveness"/>.</param>
    /// <param name="time">Default the system clock.</param>
    /// <exception cref="GeoValidationException">Field <c>health_file</c>, rule <c>required</c>: liveness without a heartbeat file, which leaves nothing to check.</exception>
    public static async Task<HealthReport> CheckAsync(HealthProbeOptions options, GeoConnection? store, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        if (options.Liveness && string.IsNullOrWhiteSpace(options.HealthFile))
            throw new GeoValidationException("health_file", "required",
                $"A liveness check reads the worker's heartbeat file: give --health-file / -HealthFile or set {WorkerEnvironment.HealthFileVariable}.");
        var heartbeat = options.HealthFile is null ? null : ReadHeartbeat(options, time);
        (bool Reachable, string Text)? storeCheck = options.Liveness || store is null ? null : await CheckStoreAsync(store, options.Timeout, cancellationToken);
        var problems = new List<string>();
        if (heartbeat is { Problem: { } problem }) problems.Add(problem);
        if (storeCheck is { Reachable: false } failed) problems.Add(failed.Text);
        var healthy = problems.Count == 0;
        string reason;
        if (!healthy) reason = string.Join("; ", problems);
        else reason = heartbeat is null ? storeCheck!.Value.Text : heartbeat.Summary + (storeCheck is { } s ? $"; {s.Text}" : "; store not checked (liveness)");
        if (heartbeat is null)
            reason += $" (no heartbeat file configured: only the store was checked; give --health-file / -HealthFile or set {WorkerEnvironment.HealthFileVariable} to check the worker too)";
        var r = heartbeat?.Record;
        return new HealthReport(healthy, SecretMask.Apply(reason), heartbeat?.Path, r?.State, heartbeat?.Age, heartbeat?.MaxAge, heartbeat?.Alive,
            storeCheck?.Reachable, r?.WorkerId, r?.ProcessId, r?.Running, r?.Executed, r?.LastStoreCallSucceeded, r?.LastStoreError);
    }

    private sealed record Heartbeat(string Path, HeartbeatRecord? Record, TimeSpan? Age, TimeSpan? MaxAge, bool? Alive, string? Problem, string Summary);

    private static Heartbeat ReadHeartbeat(HealthProbeOptions options, TimeProvider time)
    {
        var path = Path.GetFullPath(options.HealthFile!);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problem(path, $"no heartbeat file at {path} (the worker has not started, or writes another file)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Problem(path, $"the heartbeat file {path} cannot be read: {e.Message}");
        }
        if (HeartbeatRecord.Parse(text) is not { } record) return Problem(path, $"{path} is not a heartbeat record");
        if (record.SchemaVersion > HeartbeatRecord.CurrentSchemaVersion)
            return Problem(path, $"{path} has a heartbeat record of version {record.SchemaVersion}, newer than this probe reads ({HeartbeatRecord.CurrentSchemaVersion})");
        var age = time.GetUtcNow() - record.Heartbeat;
        if (age < TimeSpan.Zero) age = TimeSpan.Zero;
        var maxAge = options.MaxAge ?? DefaultMaxAge(record);
        var ended = record.State is "stopped" or "failed";
        var alive = !ended && ProcessLiveness.IsAlive(record.ProcessId, record.ProcessStarted);
        var worker = $"worker {record.WorkerId}";
        string? problem = null;
        if (record.State == "stopped")
            problem = $"{worker} stopped at {Utc(record.Written)} (a clean stop)";
        else if (record.State == "failed")
            problem = $"{worker} failed at {Utc(record.Written)}: its run ended with an error (see its log)";
        else if (!alive)
            problem = $"{worker} is not running: process {record.ProcessId} has exited (killed or crashed); its last heartbeat was {Seconds(age)} ago";
        else if (age > maxAge)
            problem = $"heartbeat stale by {Seconds(age - maxAge)}: {worker} last turned its loops {Seconds(age)} ago (max age {Seconds(maxAge)})" + LastStoreCall(record);
        else if (record.State == "stopping" && !options.Liveness)
            problem = $"{worker} is stopping (it claims nothing more)";
        var summary = $"{worker} heartbeat {Seconds(age)} ago ({record.State}, {record.Running} running, {record.Executed} executed){LastStoreCall(record)}";
        return new Heartbeat(path, record, age, maxAge, alive, problem, summary);
    }

    private static Heartbeat Problem(string path, string problem) => new(path, null, null, null, null, problem, problem);

    private static string LastStoreCall(HeartbeatRecord record) =>
        record.LastStoreCallSucceeded == false ? $", its last store call failed: {record.LastStoreError}" : "";

    /// <summary>A schema check on a store opened only to look: nothing deployed, no embedded file created.</summary>
    private static async Task<(bool, string)> CheckStoreAsync(GeoConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        IGeoStore? store = null;
        try
        {
            store = connection.OpenStoreToLook();
            var check = store.SchemaCheckAsync(limit.Token);
            // A driver that does not heed the token must not hold the probe past its timeout.
            if (await Task.WhenAny(check, Task.Delay(Timeout.InfiniteTimeSpan, limit.Token)) != check || !check.IsCompleted)
                return (false, $"store unreachable: no answer within {Seconds(timeout)}");
            await check;
            return (true, "store answered");
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"store unreachable: no answer within {Seconds(timeout)}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (false, $"store unreachable: {Logging.OneLineText.FirstLine(e.Message)}");
        }
        finally
        {
            if (store is not null) _ = DisposeQuietlyAsync(store);
        }
    }

    private static async Task DisposeQuietlyAsync(IGeoStore store)
    {
        try { await store.DisposeAsync(); }
        catch (Exception) { /* the probe has its answer */ }
    }

    private static string Seconds(TimeSpan span) =>
        $"{Math.Round(span.TotalSeconds, span < TimeSpan.FromSeconds(10) ? 1 : 0).ToString(CultureInfo.InvariantCulture)} s";

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
