using System.Data.Common;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Engine;

/// <summary>
/// Decides whether a failed task is worth retrying. Unknown exceptions are retried: wasting a
/// retry is cheaper than failing a whole job over a hiccup nobody anticipated.
/// </summary>
public static class ExceptionClassifier
{
    /// <summary>
    /// Whether a handler's exception is worth retrying: the engine's own taxonomy first
    /// (<see cref="TransientTaskException"/>, <see cref="PermanentTaskException"/>, contract violations,
    /// validation, configuration, not found, conflict), then HTTP status codes (408, 429, 5xx and no answer
    /// are transient), database errors by <c>DbException.IsTransient</c>, I/O, timeouts and sockets
    /// (transient), missing files and refused access, argument, format and JSON errors (permanent); a
    /// single inner exception of an aggregate or a reflection call is classified in its place. Anything
    /// else is transient.
    /// </summary>
    /// <param name="exception">The exception a handler threw.</param>
    /// <returns>The kind of failure.</returns>
    public static FailureKind Classify(Exception exception) => exception switch
    {
        TransientTaskException => FailureKind.Transient,
        PermanentTaskException or ContractViolationException or GeoValidationException => FailureKind.Permanent,
        // A missing tool or setting (GDAL not on the PATH), a thing that does not exist, a state that
        // forbids the change: the engine's own taxonomy says these do not pass by waiting.
        GeoConfigurationException or GeoNotFoundException or GeoConflictException => FailureKind.Permanent,
        HttpRequestException http => IsTransientStatus(http.StatusCode) ? FailureKind.Transient : FailureKind.Permanent,
        DbException db => db.IsTransient ? FailureKind.Transient : FailureKind.Permanent,
        // A missing file or a refused permission stays missing or refused however often we retry.
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => FailureKind.Permanent,
        GeoStoreUnavailableException => FailureKind.Transient,
        IOException or TimeoutException or SocketException => FailureKind.Transient,
        ArgumentException or FormatException or KeyNotFoundException or NotSupportedException
            or InvalidCastException or JsonException or NotImplementedException => FailureKind.Permanent,
        AggregateException { InnerExceptions.Count: 1 } aggregate => Classify(aggregate.InnerExceptions[0]),
        _ when exception.InnerException is { } inner && exception is System.Reflection.TargetInvocationException => Classify(inner),
        _ => FailureKind.Transient,
    };

    /// <summary>No status means the request never got an answer (connection refused, reset): worth retrying.</summary>
    private static bool IsTransientStatus(HttpStatusCode? status) =>
        status is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(attempt-1))].</summary>
    /// <param name="attempt">The attempt that failed, from 1 (the exponent stops growing at 30).</param>
    /// <param name="baseDelay">The first retry's ceiling (<see cref="WorkerOptions.RetryBaseDelay"/>, default 1 s).</param>
    /// <param name="maxDelay">The cap (<see cref="WorkerOptions.RetryMaxDelay"/>, default 5 min).</param>
    /// <param name="random">The jitter's source.</param>
    /// <returns>How long from now, by the store's clock, until the next attempt may start.</returns>
    public static TimeSpan RetryDelay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}
