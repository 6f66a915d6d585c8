namespace GeoOrchestration.Logging;

/// <summary>How important a log line is; the same levels as Microsoft.Extensions.Logging's <c>LogLevel</c>.</summary>
public enum GeoLogLevel
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
}

/// <summary>
/// One engine log line in types every front end can take without referencing
/// Microsoft.Extensions.Logging: the PowerShell module turns them into verbose, information and
/// warning records on the pipeline thread.
/// </summary>
/// <param name="Category">The logger's category, e.g. <c>GeoOrchestration.Worker</c>.</param>
/// <param name="Message">The formatted message, one line.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record GeoLogLine(GeoLogLevel Level, string Category, string Message, Exception? Exception)
{
    /// <summary>When the line was logged (UTC): a front end that writes it later still shows when it happened.</summary>
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
}
