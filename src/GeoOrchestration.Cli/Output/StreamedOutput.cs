using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Cli.Output;

/// <summary>
/// Listings written as their rows arrive, in constant memory however many there are: a JSON array
/// in the same shape (and the same indentation) as <see cref="JsonOutput.Write"/> gives a whole
/// array, and table rows aligned on the widths of the first rows.
/// </summary>
/// <remarks>
/// Nothing is written until the first row (or the end) has arrived, so an error the listing raises
/// before its first row (bad input, a job that does not exist) leaves stdout to the error report
/// alone. A failure later leaves the rows written so far, and the exit code says it failed.
/// </remarks>
public static class StreamedOutput
{
    /// <summary>Bytes gathered before they go to the output: few writes, and memory bounded by this plus one row.</summary>
    private const int FlushBytes = 64 * 1024;

    /// <summary>How many rows set the table's column widths; a longer value later only pushes its own row out of line.</summary>
    public const int WidthRows = 1000;

    public static async Task JsonArrayAsync<T>(TextWriter output, IAsyncEnumerable<T> items, Func<T, JsonNode> shape, CancellationToken cancellationToken)
    {
        await using var rows = items.GetAsyncEnumerator(cancellationToken);
        var more = await rows.MoveNextAsync();
        var buffer = new ArrayBufferWriter<byte>(FlushBytes + 4096);
        // The options JsonNode.ToJsonString uses with WriteIndented, so the text is what it was when built whole.
        await using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
        writer.WriteStartArray();
        for (; more; more = await rows.MoveNextAsync())
        {
            shape(rows.Current).WriteTo(writer);
            writer.Flush();
            if (buffer.WrittenCount >= FlushBytes) await DrainAsync(output, buffer, cancellationToken);
        }
        writer.WriteEndArray();
        writer.Flush();
        await DrainAsync(output, buffer, cancellationToken);
        await output.WriteLineAsync();
        await output.FlushAsync(cancellationToken);
    }

    private static async Task DrainAsync(TextWriter output, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan).AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        buffer.ResetWrittenCount();
    }

    /// <summary>
    /// Aligned columns: the widths come from the headers and the first <see cref="WidthRows"/> rows,
    /// which are held until then; the rest are written as they come.
    /// </summary>
    /// <remarks>Written to a terminal, the table is fitted to its width (<see cref="TerminalFit"/>).</remarks>
    public static async Task TableAsync(TextWriter output, string[] headers, IAsyncEnumerable<string[]> rows, CancellationToken cancellationToken)
    {
        await using var next = rows.GetAsyncEnumerator(cancellationToken);
        var first = new List<string[]>();
        var more = await next.MoveNextAsync();
        for (; more && first.Count < WidthRows; more = await next.MoveNextAsync()) first.Add(next.Current);
        var widths = TerminalFit.Fit(headers.Select((h, i) => Math.Max(h.Length, first.Count == 0 ? 0 : first.Max(r => r[i].Length))).ToArray(),
            TerminalFit.WidthOf(output));
        await output.WriteLineAsync(Line(headers, widths));
        foreach (var row in first) await output.WriteLineAsync(Line(row, widths));
        first.Clear();
        for (; more; more = await next.MoveNextAsync()) await output.WriteLineAsync(Line(next.Current, widths));
        await output.FlushAsync(cancellationToken);
    }

    private static string Line(string[] cells, int[] widths) => TerminalFit.Line(cells, widths);
}
