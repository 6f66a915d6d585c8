using System.Globalization;

namespace GeoOrchestration.Logging;

/// <summary>
/// The one form of a log line, shared by <c>geoorch</c> and the PowerShell module so a worker logs
/// the same lines from either: <c>2026-12-07T05:31:02.123Z info Worker … started</c>. The time is
/// UTC in ISO 8601 with a <c>Z</c> and milliseconds: lines of workers on hosts in different zones
/// (or a container without a zone) sort and compare as they are, and the <c>Z</c> says so. The level
/// is four letters (<c>trce dbug info warn fail crit</c>, as Microsoft.Extensions.Logging's console
/// writes them); an exception adds its type and message. Always one line.
/// </summary>
public static class LogLineFormat
{
    private const string Escape = "\u001b[";
    private const string Reset = Escape + "0m";

    /// <summary>The line of one entry; with <paramref name="colour"/> the level word is coloured with ANSI escape sequences.</summary>
    /// <param name="time">When it was logged; written in UTC.</param>
    /// <param name="level">Its level, written as four letters.</param>
    /// <param name="message">The message; line breaks become spaces.</param>
    /// <param name="exception">An exception logged with it: its type and message are added unless the message already holds them.</param>
    /// <param name="colour">Whether to colour the level word (default false).</param>
    /// <returns>One line, without a line break.</returns>
    public static string Format(DateTimeOffset time, GeoLogLevel level, string message, Exception? exception, bool colour = false)
    {
        var text = exception is null || message.Contains(exception.Message, StringComparison.Ordinal)
            ? message
            : $"{message} ({exception.GetType().Name}: {exception.Message})";
        var name = LevelName(level);
        if (colour) name = $"{Escape}{ColourOf(level)}m{name}{Reset}";
        return $"{Timestamp(time)} {name} {text}".ReplaceLineEndings(" ");
    }

    /// <summary>The line of a <see cref="GeoLogLine"/>, at the time it was logged.</summary>
    /// <param name="line">The log line.</param>
    /// <param name="colour">Whether to colour the level word (default false).</param>
    /// <returns>One line, without a line break.</returns>
    public static string Format(GeoLogLine line, bool colour = false) =>
        Format(line.Time, line.Level, line.Message, line.Exception, colour);

    /// <summary>ISO 8601 in UTC with milliseconds: <c>2026-12-07T05:31:02.123Z</c>.</summary>
    /// <param name="time">Any time; converted to UTC.</param>
    /// <returns>The timestamp text.</returns>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The four-letter level word: <c>trce dbug info warn fail crit</c>.</summary>
    /// <param name="level">The level.</param>
    /// <returns>The word.</returns>
    public static string LevelName(GeoLogLevel level) => level switch
    {
        GeoLogLevel.Trace => "trce",
        GeoLogLevel.Debug => "dbug",
        GeoLogLevel.Information => "info",
        GeoLogLevel.Warning => "warn",
        GeoLogLevel.Error => "fail",
        GeoLogLevel.Critical => "crit",
        _ => level.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Whether to colour lines written to a stream: never when it is redirected (a file, a pipe, a
    /// container log) nor when <c>NO_COLOR</c> holds any non-empty value (https://no-color.org).
    /// </summary>
    /// <param name="redirected">Whether the stream the lines go to is not a terminal.</param>
    /// <param name="noColor">The value of <c>NO_COLOR</c>; default: read from the environment.</param>
    /// <returns>True when the level word should be coloured.</returns>
    public static bool UseColour(bool redirected, string? noColor = null) =>
        !redirected && string.IsNullOrEmpty(noColor ?? Environment.GetEnvironmentVariable(NoColorVariable));

    /// <summary>The environment variable that turns colour off when it is set to anything but the empty string.</summary>
    public const string NoColorVariable = "NO_COLOR";

    // SGR foreground colours: what a terminal shows for the level word.
    private static string ColourOf(GeoLogLevel level) => level switch
    {
        GeoLogLevel.Information => "32",
        GeoLogLevel.Warning => "33",
        GeoLogLevel.Error => "31",
        GeoLogLevel.Critical => "1;31",
        _ => "90",
    };
}
