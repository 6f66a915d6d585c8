using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;
using Polly;
using Polly.Retry;

namespace GeoOrchestration.Hosting;

/// <summary>
/// A worker's first touch of its store, retried while the store is only not ready yet: PostgreSQL still
/// starting (refused or reset connections, a name that does not resolve yet, <c>57P03</c>, too many
/// connections), a SQLite file locked by a backup, and a schema not yet deployed or older than this build
/// (a <c>geoorch schema deploy</c> or migration job running beside the worker). What a wait cannot mend
/// (a refused login, a missing database, a schema newer than this build, bad connection text) is thrown
/// at once. Exponential backoff with jitter from 1 s up to 30 s, within a limit; one line per attempt.
/// As Celery's <c>broker_connection_retry_on_startup</c> and Hangfire's server do: a worker started with
/// its database (docker compose, a pod, a reboot) waits instead of crash-looping.
/// </summary>
public static class StoreStartupWait
{
    /// <summary>
    /// The default limit: 5 minutes, longer than PostgreSQL's own crash recovery or a container's start takes
    /// in practice, and short enough that a store that never comes fails the worker (and alerts) the same hour.
    /// </summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(5);

    /// <summary>The longest limit accepted: one day (a longer wait is a worker nobody watches).</summary>
    public static readonly TimeSpan MaxLimit = TimeSpan.FromDays(1);

    /// <summary>The first delay between attempts.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Parses a limit as every duration option takes it: <c>30s</c>, <c>5m</c>, <c>1h</c>, a plain number of
    /// seconds, or .NET's <c>00:05:00</c>; <c>0</c> makes one attempt (no wait).
    /// </summary>
    /// <param name="text">The text given.</param>
    /// <param name="field">The field the error names (<c>startup_timeout</c>).</param>
    /// <exception cref="GeoValidationException">Not a duration, negative, or more than <see cref="MaxLimit"/>.</exception>
    public static TimeSpan ParseLimit(string text, string field) => Check(RetentionDuration.Parse(text, field), field, text);

    /// <summary>Checks a limit given as a TimeSpan (0 up to <see cref="MaxLimit"/>).</summary>
    /// <exception cref="GeoValidationException">Negative, or more than <see cref="MaxLimit"/>.</exception>
    public static TimeSpan Check(TimeSpan limit, string field, string? given = null) => limit < TimeSpan.Zero
        ? throw new GeoValidationException(field, "minimum", $"{field}: must be 0 or more (got {given ?? DurationText.Format(limit)}).")
        : limit > MaxLimit
            ? throw new GeoValidationException(field, "maximum", $"{field}: must be at most {DurationText.Format(MaxLimit)} (got {given ?? DurationText.Format(limit)}).")
            : limit;

    /// <summary>Whether a wait may mend <paramref name="error"/>: the store is not ready yet, or its schema is being deployed.</summary>
    public static bool IsWorthWaitingFor(Exception error) => error switch
    {
        GeoStoreUnavailableException => true,
        GeoConfigurationException c => c.ErrorId is GeoConfigurationException.SchemaNotDeployedId or GeoConfigurationException.SchemaOutOfDateId,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, retrying errors <see cref="IsWorthWaitingFor"/> within
    /// <paramref name="limit"/> (measured from the first attempt; the last delay is cut to what is left).
    /// </summary>
    /// <param name="attempt">The startup check (the embedded store's deploy, the schema check).</param>
    /// <param name="store">The store as people read it (<see cref="GeoConnection.ToString"/>), named by each line.</param>
    /// <param name="limit">How long to keep trying; <see cref="TimeSpan.Zero"/> makes one attempt.</param>
    /// <param name="log">Takes one line per failed attempt that will be retried.</param>
    /// <exception cref="GeoException">
    /// What the last attempt threw; when it was retried, the same error (same type, id and exit code) with
    /// "after N attempts over T" added.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (Ctrl+C, SIGTERM) while waiting.</exception>
    public static async Task RunAsync(Func<CancellationToken, Task> attempt, string store, TimeSpan limit, Action<string> log,
        CancellationToken cancellationToken, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        var attempts = 0;
        TimeSpan Left() => limit - time.GetElapsedTime(started);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsWorthWaitingFor(e) && Left() > TimeSpan.Zero),
            MaxRetryAttempts = int.MaxValue,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Min(Backoff(args.AttemptNumber), Left())),
            OnRetry = args =>
            {
                log(Waiting(store, args.Outcome.Exception!, attempts, args.RetryDelay));
                return ValueTask.CompletedTask;
            },
        }).Build();
        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                await attempt(token);
            }, cancellationToken);
        }
        catch (GeoException e) when (attempts > 1 && IsWorthWaitingFor(e))
        {
            var over = $" (gave up after {attempts} attempts over {DurationText.Format(time.GetElapsedTime(started))}; startup timeout {DurationText.Format(limit)})";
            throw e switch
            {
                GeoStoreUnavailableException => new GeoStoreUnavailableException(e.Message + over, e.InnerException ?? e),
                _ => new GeoConfigurationException(e.ErrorId, e.Message + over, e.InnerException ?? e),
            };
        }
    }

    /// <summary>Exponential from <see cref="FirstDelay"/>, capped at <see cref="MaxDelay"/>, with ±20 % jitter so workers started together do not knock together.</summary>
    internal static TimeSpan Backoff(int retry)
    {
        var seconds = Math.Min(MaxDelay.TotalSeconds, FirstDelay.TotalSeconds * Math.Pow(2, Math.Min(retry, 16)));
        return TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, seconds * (0.8 + 0.4 * Random.Shared.NextDouble())));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b < TimeSpan.Zero ? TimeSpan.Zero : b;

    /// <summary>The line logged before each retry: the store, why (secrets masked), which attempt, and when the next one comes.</summary>
    internal static string Waiting(string store, Exception error, int attempt, TimeSpan next)
    {
        var why = error is GeoConfigurationException { ErrorId: GeoConfigurationException.SchemaNotDeployedId or GeoConfigurationException.SchemaOutOfDateId }
            ? "waiting for a schema deploy: " : "";
        return $"Waiting for the store {store}: attempt {attempt} failed, {why}{SecretMask.Apply(error.Message).TrimEnd('.', ' ')}; next attempt in {DurationText.Format(next)}.";
    }
}
