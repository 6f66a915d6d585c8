namespace GeoOrchestration.Cli.Output;

/// <summary>
/// Tables sized to the terminal they are written to, as PowerShell's tables are: every column but
/// the last keeps its whole content (ids, names, statuses are never cut), the last one (free text:
/// an error, a time) gets what is left of the line, cut with "…", or is left out when fewer than
/// <see cref="MinimumLast"/> columns are left. Output that is not a terminal (a file, a pipe) gets
/// whole lines, as before.
/// </summary>
public static class TerminalFit
{
    /// <summary>The fewest columns worth giving the last column; with less, it is left out.</summary>
    public const int MinimumLast = 10;

    private const int Separator = 2;

    /// <summary>The terminal's width in columns when <paramref name="output"/> is the console and not redirected; otherwise null.</summary>
    public static int? WidthOf(TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) return null;
        try
        {
            return Console.WindowWidth is > 0 and var width ? width : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// The column widths to write: <paramref name="widths"/> as they are when the line fits in
    /// <paramref name="terminal"/> columns (less one, so no line reaches the edge and wraps), else
    /// the last one narrowed or left out (the array one shorter).
    /// </summary>
    public static int[] Fit(int[] widths, int? terminal)
    {
        if (terminal is not { } limit || widths.Length == 0) return widths;
        var total = widths.Sum() + Separator * (widths.Length - 1);
        if (total < limit) return widths;
        var room = limit - 1 - (widths[..^1].Sum() + Separator * (widths.Length - 1));
        return room >= MinimumLast ? [.. widths[..^1], room] : widths[..^1];
    }

    /// <summary>One line of a table: each cell padded to its column's width, the last cut with "…" when it is longer.</summary>
    public static string Line(IReadOnlyList<string> cells, int[] widths)
    {
        var parts = new string[widths.Length];
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = cells[i];
            parts[i] = cell.Length > widths[i] ? cell[..Math.Max(0, widths[i] - 1)] + "…" : cell.PadRight(widths[i]);
        }
        return string.Join(new string(' ', Separator), parts).TrimEnd();
    }
}
