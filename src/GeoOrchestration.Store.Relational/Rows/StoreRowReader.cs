using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// Reads a query's rows into a row type by column name with Dapper, for every store. The row types
/// (<see cref="JobRow"/>, <see cref="TaskRow"/>, ...) are the one shape both stores' SQL returns:
/// its column aliases are their property names, so column order in the SQL does not matter.
/// </summary>
/// <remarks>
/// Only the read paths go through here. The hot paths (task and work claim, batched completion,
/// planning by COPY) read their few columns by position on the raw driver: they run per task at
/// thousands a second, and what this path adds would be paid on each of those round trips for no
/// gain in safety (their SQL sits next to the one reader of it): ReadPathBenchmarks measured the
/// same time per row within noise, but about 500 B more allocated per task row (the row object and
/// Dapper's boxed column values) and 0.5 KB (PostgreSQL) to 2.4 KB (SQLite) per query for Dapper's
/// parser lookup, which reads every column name.
/// </remarks>
public static class StoreRowReader
{
    // Before Dapper builds any parser: it bakes the handlers in at build time.
    static StoreRowReader() => StoreTypeHandlers.Register();

    /// <summary>The parsers whose column set was found to hold every property of their row type.</summary>
    private static readonly ConcurrentDictionary<Delegate, byte> Checked = new();

    /// <summary>Every row of the current result set, each mapped by <paramref name="map"/>.</summary>
    /// <exception cref="ContractViolationException">The result set lacks a column the row type has (the SQL and the row type disagree).</exception>
    public static async Task<List<TRecord>> ReadAsync<TRow, TRecord>(DbDataReader reader, Func<TRow, TRecord> map, CancellationToken cancellationToken)
    {
        var records = new List<TRecord>();
        if (!await reader.ReadAsync(cancellationToken)) return records;
        // After the first Read: SQLite reports a column's type from the row at hand.
        var parse = Parser<TRow>(reader);
        do records.Add(map(parse(reader)));
        while (await reader.ReadAsync(cancellationToken));
        return records;
    }

    /// <summary>The first row of the current result set mapped by <paramref name="map"/>, or the default when there is none.</summary>
    /// <exception cref="ContractViolationException">The result set lacks a column the row type has.</exception>
    public static async Task<TRecord?> ReadFirstAsync<TRow, TRecord>(DbDataReader reader, Func<TRow, TRecord> map, CancellationToken cancellationToken)
        where TRecord : class =>
        await reader.ReadAsync(cancellationToken) ? map(Parser<TRow>(reader)(reader)) : null;

    /// <summary>JSON stored as text (a store casts jsonb to text in its SQL); null stays null.</summary>
    public static JsonNode? Json(string? text) => text is null ? null : JsonNode.Parse(text);

    private static Func<DbDataReader, TRow> Parser<TRow>(DbDataReader reader)
    {
        // Dapper hands back one cached parser per row type and column set, so a parser that passed
        // the check below needs no second one (SQLite's reader makes a new string per GetName).
        var parser = reader.GetRowParser<TRow>();
        if (Checked.ContainsKey(parser)) return parser;
        // Mapping by name fails silently where position would have failed loudly: a property with
        // no column keeps its default (a 0001-01-01 creation time). Refuse that instead.
        var columns = new string[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);
        foreach (var property in RowColumns<TRow>.Names)
            if (!Contains(columns, property))
                throw new ContractViolationException(
                    $"The query read into {typeof(TRow).Name} returned no column {property}: its SQL must alias a column as each property of the row type.");
        Checked.TryAdd(parser, 0);
        return parser;
    }

    private static bool Contains(string[] columns, string name)
    {
        // Case-insensitive, as Dapper matches: PostgreSQL folds unquoted aliases to lower case.
        foreach (var column in columns)
            if (string.Equals(column, name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static class RowColumns<TRow>
    {
        public static readonly string[] Names = typeof(TRow).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToArray();
    }
}
