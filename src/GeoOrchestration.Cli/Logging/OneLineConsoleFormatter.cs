using GeoOrchestration.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace GeoOrchestration.Cli.Logging;

/// <summary>
/// Writes each log entry as one line of <see cref="LogLineFormat"/> (the form the PowerShell module
/// writes too): UTC time, level, message and, for an entry with an exception, its type and message.
/// The stack trace follows only with <c>--verbose</c>: a worker that logs a transient failure per
/// retry must not fill a container log with stacks nobody asked for.
/// </summary>
internal sealed class OneLineConsoleFormatter(IOptionsMonitor<OneLineConsoleFormatterOptions> options)
    : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "geoorch";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null) return;
        textWriter.WriteLine(LogLineFormat.Format(DateTimeOffset.UtcNow, (GeoLogLevel)(int)logEntry.LogLevel, message ?? "",
            logEntry.Exception, options.CurrentValue.Colour));
        if (logEntry.Exception is not null && options.CurrentValue.IncludeStackTraces)
            textWriter.WriteLine(logEntry.Exception.ToString());
    }
}

/// <summary>Options of <see cref="OneLineConsoleFormatter"/>.</summary>
internal sealed class OneLineConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Whether an entry's exception is followed by its full text with the stack trace. Default false.</summary>
    public bool IncludeStackTraces { get; set; }

    /// <summary>Whether the level word is coloured (see <see cref="LogLineFormat.UseColour"/>). Default false.</summary>
    public bool Colour { get; set; }
}
