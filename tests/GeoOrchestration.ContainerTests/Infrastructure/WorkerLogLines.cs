using System.Text.RegularExpressions;

namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// The worker log's line form (README, Worker logs): one line per event, each starting with its time
/// in UTC (ISO 8601, milliseconds, <c>Z</c>) and a four-letter level, in plain text.
/// </summary>
public static partial class WorkerLogLines
{
    /// <summary>The lines of a log that break the form (a continuation line, a line without a time, a colour code), each quoted.</summary>
    public static IReadOnlyList<string> Problems(string log) =>
        Lines(log).Where(l => !Line().IsMatch(l) || l.Contains('\u001b')).Select(l => $"'{l.Replace("\u001b", "\\e")}'").ToList();

    public static IReadOnlyList<string> Lines(string log) =>
        log.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    // No escape character anywhere: [^\e] throughout, so a colour code anywhere fails the match too.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (dbug|info|warn|fail) [^\s\u001b][^\u001b]*$")]
    private static partial Regex Line();
}
