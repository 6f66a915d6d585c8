using Microsoft.Extensions.Logging;

namespace GeoOrchestration.Logging;

/// <summary>Logger factories for hosts that take log lines as <see cref="GeoLogLine"/>s (the PowerShell module), for parts beside the engine (a transport).</summary>
public static class GeoLoggers
{
    /// <summary>
    /// A factory whose lines at <paramref name="minimumLevel"/> and above go to <paramref name="log"/>, as the
    /// engine's do for a client made with a callback; the callback runs on the caller's threads and must not block.
    /// </summary>
    public static ILoggerFactory FromCallback(Action<GeoLogLine> log, GeoLogLevel minimumLevel = GeoLogLevel.Information) =>
        new CallbackLoggerFactory(log, minimumLevel);
}
