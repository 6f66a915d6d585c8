namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// The last lines a host wrote on stderr (its log, and whatever GDAL or a driver printed), kept for
/// the message of a host that died: the lines before a crash usually say what it was doing.
/// Thread-safe: the pump adds while a request's failure reads.
/// </summary>
internal sealed class GdalHostErrorTail(int capacity)
{
    private const int MaxLineLength = 500;
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        if (line.Length > MaxLineLength) line = line[..(MaxLineLength - 3)] + "...";
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    /// <summary>The kept lines, oldest first, joined with " | "; empty when there are none.</summary>
    public override string ToString()
    {
        lock (_lines) return string.Join(" | ", _lines.Where(l => l.Trim().Length > 0));
    }
}
