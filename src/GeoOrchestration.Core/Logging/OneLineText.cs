namespace GeoOrchestration.Logging;

/// <summary>Text cut to one line, for what must stay one line: a health report, a probe's verdict.</summary>
public static class OneLineText
{
    /// <summary>The first non-blank line of <paramref name="text"/>, trimmed, at most 300 characters (cut with "...").</summary>
    public static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        return line.Length > 300 ? line[..297] + "..." : line;
    }
}
