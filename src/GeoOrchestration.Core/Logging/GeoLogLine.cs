namespace GeoOrchestration.Logging;

/// <summary>How important a log line is; the same levels as Microsoft.Extensions.Logging's <c>LogLevel</c>.</summary>
public enum GeoLogLevel
{
    /// <summary>The most detailed lines, off by default.</summary>
    Trace,
    /// <summary>Detail for diagnosing (<c>dbug</c>; <c>--verbose</c> / <c>-Verbose</c> shows it).</summary>
    Debug,
    /// <summary>Events of normal operation: a worker started, a job ended (<c>info</c>).</summary>
    Information,
    /// <summary>Something went wrong and was handled: a task failed and is retried (<c>warn</c>).</summary>
    Warning,
    /// <summary>An operation failed (<c>fail</c>).</summary>
    Error,
    /// <summary>The process cannot go on (<c>crit</c>).</summary>
    Critical,
}

/// <summary>
/// One engine log line in types every front end can take without referencing
/// Microsoft.Extensions.Logging: the PowerShell module turns them into verbose, information and
/// warning records on the pipeline thread.
/// </summary>
/// <param name="Level">How important the line is.</param>
/// <param name="Category">The logger's category, e.g. <c>GeoOrchestration.Worker</c>.</param>
/// <param name="Message">The formatted message, one line.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record GeoLogLine(GeoLogLevel Level, string Category, string Message, Exception? Exception)
{
    /// <summary>When the line was logged (UTC): a front end that writes it later still shows when it happened.</summary>
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
}
