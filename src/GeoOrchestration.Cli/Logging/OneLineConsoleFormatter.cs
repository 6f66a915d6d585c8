using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace GeoOrchestration.Cli.Logging;

/// <summary>
/// Writes each log entry as one line: time, level, message and, for an entry with an exception,
/// its type and message. The stack trace follows only with <c>--verbose</c>: a worker that logs a
/// transient failure per retry must not fill a container log with stacks nobody asked for.
/// </summary>
internal sealed class OneLineConsoleFormatter(IOptionsMonitor<OneLineConsoleFormatterOptions> options)
    : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "geoorch";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null) return;
        var line = $"{DateTimeOffset.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)} {Level(logEntry.LogLevel)}: {message}";
        if (logEntry.Exception is { } e) line += $" ({e.GetType().Name}: {e.Message})";
        textWriter.WriteLine(line.ReplaceLineEndings(" "));
        if (logEntry.Exception is not null && options.CurrentValue.IncludeStackTraces)
            textWriter.WriteLine(logEntry.Exception.ToString());
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString().ToLowerInvariant(),
    };
}

/// <summary>Options of <see cref="OneLineConsoleFormatter"/>.</summary>
internal sealed class OneLineConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Whether an entry's exception is followed by its full text with the stack trace. Default false.</summary>
    public bool IncludeStackTraces { get; set; }
}
