using System.Globalization;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// Names of the signals that end a GDAL host, for messages. On Unix .NET reports a child killed by
/// signal n as exit code 128 + n (as shells do); the numbers are Linux's (x86 and ARM alike for these).
/// </summary>
internal static class UnixSignal
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS",
        [8] = "SIGFPE", [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
        [24] = "SIGXCPU", [25] = "SIGXFSZ", [31] = "SIGSYS",
    };

    /// <summary>"signal 9 (SIGKILL)", or "signal n" for a number without a common name.</summary>
    public static string Describe(int number) =>
        Names.TryGetValue(number, out var name)
            ? $"signal {number.ToString(CultureInfo.InvariantCulture)} ({name})"
            : $"signal {number.ToString(CultureInfo.InvariantCulture)}";
}
