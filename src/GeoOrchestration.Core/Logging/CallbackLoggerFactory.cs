using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Logging;

/// <summary>
/// An <see cref="ILoggerFactory"/> that hands every enabled line to one callback as a
/// <see cref="GeoLogLine"/>. The callback runs on the logging thread and must not block.
/// </summary>
internal sealed class CallbackLoggerFactory(Action<GeoLogLine> sink, GeoLogLevel minimum) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new CallbackLogger(categoryName, sink, minimum);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("A callback logger factory has exactly one destination.");

    public void Dispose() { }

    private sealed class CallbackLogger(string category, Action<GeoLogLine> sink, GeoLogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && (GeoLogLevel)(int)logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            sink(new GeoLogLine((GeoLogLevel)(int)logLevel, category, formatter(state, exception), exception));
        }
    }
}
