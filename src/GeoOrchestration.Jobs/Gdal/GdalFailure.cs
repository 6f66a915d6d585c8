using GeoOrchestration.Errors;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// Maps a failed GDAL run to the engine's taxonomy. GDAL says what went wrong in "ERROR n:" lines,
/// whose class number tells an unreadable input (permanent) from an I/O hiccup (transient).
/// </summary>
public static class GdalFailure
{
    /// <summary>The error id of the configuration error raised when a GDAL tool is not installed.</summary>
    public const string NotFoundId = "GdalNotFound";

    /// <summary>Most ERROR lines quoted in a message; GDAL repeats itself for every block it fails to read.</summary>
    private const int MaxQuoted = 5;

    // errno texts that a read on a network or removable path gives while it is unwell.
    private static readonly string[] TransientPhrases =
    [
        "Input/output error", "Stale file handle", "Connection reset", "Connection refused", "Connection timed out",
        "timed out", "Temporary failure", "Resource temporarily unavailable", "Too many open files", "No space left on device",
    ];

    /// <summary>
    /// The exception for a run that exited with <paramref name="exitCode"/> (not 0). A process killed
    /// by a signal (exit 128 + n), I/O, memory and network errors are transient; any other ERROR line
    /// (a missing, corrupt or unsupported input) is permanent; a failure without an ERROR line is
    /// transient, as the engine treats every failure nobody classified.
    /// </summary>
    public static GeoException From(string tool, string subject, int exitCode, string standardError)
    {
        var messages = GdalMessage.Parse(standardError);
        var errors = messages.Where(m => m.IsError).ToList();
        if (exitCode > 128 && errors.Count == 0)
            return new GdalTransientException(tool, exitCode, messages,
                $"{tool} on {subject} was killed by signal {exitCode - 128} (exit {exitCode}).");
        if (errors.Count == 0)
        {
            var tail = LastLines(standardError);
            return new GdalTransientException(tool, exitCode, messages,
                $"{tool} on {subject} exited with code {exitCode}{(tail.Length == 0 ? " and printed no error" : $": {tail}")}.");
        }
        var quoted = Quote(errors);
        return errors.Any(IsTransient)
            ? new GdalTransientException(tool, exitCode, messages, $"{tool} on {subject} failed (exit {exitCode}): {quoted}")
            : new GdalPermanentException(tool, exitCode, messages, $"{tool} on {subject} failed (exit {exitCode}): {quoted}");
    }

    /// <summary>
    /// The exception for a GDAL library call (<paramref name="function"/>, e.g. <c>GDALTranslate</c>)
    /// that failed in a host process, from the errors GDAL raised during it: the same rules as
    /// <see cref="From(string, string, int, string)"/>, without a process exit code
    /// (<see cref="GdalPermanentException.ExitCode"/> is <see cref="NoExitCode"/>). A failure that raised
    /// no error is transient.
    /// </summary>
    public static GeoException From(string function, string subject, IReadOnlyList<GdalMessage> messages)
    {
        var errors = messages.Where(m => m.IsError).ToList();
        if (errors.Count == 0)
            return new GdalTransientException(function, NoExitCode, messages, $"{function} on {subject} failed and raised no error.");
        var quoted = Quote(errors);
        return errors.Any(IsTransient)
            ? new GdalTransientException(function, NoExitCode, messages, $"{function} on {subject} failed: {quoted}")
            : new GdalPermanentException(function, NoExitCode, messages, $"{function} on {subject} failed: {quoted}");
    }

    /// <summary>The exit code a failure carries when no process exited: a GDAL call in a host failed and the host lives on.</summary>
    public const int NoExitCode = -1;

    /// <summary>The configuration error for a tool that is not installed where this process looks for it.</summary>
    public static GeoConfigurationException NotFound(string tool, string searchPath, Exception? inner = null) =>
        new(NotFoundId,
            $"GDAL is not installed here: '{tool}' was not found in the PATH ({(searchPath.Length == 0 ? "empty" : searchPath)}). " +
            "Install GDAL's command-line tools (Debian/Ubuntu: apt-get install gdal-bin) on every machine that submits or runs raster jobs.",
            inner);

    /// <summary>
    /// The configuration error for GDAL's library that a host process could not load: the same id
    /// and advice as <see cref="NotFound(string, string, Exception?)"/>, with the host's reason
    /// (the names it tried and the loader's words).
    /// </summary>
    public static GeoConfigurationException LibraryNotFound(string reason) =>
        new(NotFoundId,
            $"GDAL is not installed here: its library could not be loaded ({reason}). " +
            "Install GDAL (Debian/Ubuntu: apt-get install gdal-bin, which brings libgdal32) on every machine that submits or runs raster jobs, " +
            "or point GEO_GDAL_LIBRARY at the library.");

    /// <summary>The configuration error for the GDAL host program missing from this installation (<paramref name="lookedFor"/> says where it was looked for).</summary>
    public static GeoConfigurationException HostNotFound(string lookedFor) =>
        new(NotFoundId,
            $"GDAL's host program is not installed here: looked for {lookedFor}. " +
            "It ships beside GeoOrchestration.Jobs.dll (GeoOrchestration.GdalHost.dll with its .runtimeconfig.json and .deps.json); reinstall GeoOrchestration.");

    internal static bool IsTransient(GdalMessage error) =>
        error.Number is GdalMessage.FileIO or GdalMessage.OutOfMemory or GdalMessage.UserInterrupt or GdalMessage.HttpResponse
        || TransientPhrases.Any(p => error.Text.Contains(p, StringComparison.OrdinalIgnoreCase));

    private static string Quote(List<GdalMessage> errors)
    {
        var distinct = errors.Select(e => e.ToString()).Distinct().ToList();
        var text = string.Join(" ", distinct.Take(MaxQuoted));
        return distinct.Count > MaxQuoted ? $"{text} (and {distinct.Count - MaxQuoted} more)" : text;
    }

    private static string LastLines(string standardError)
    {
        var lines = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = string.Join(" ", lines.TakeLast(3));
        return text.Length > 500 ? text[..497] + "..." : text;
    }
}
