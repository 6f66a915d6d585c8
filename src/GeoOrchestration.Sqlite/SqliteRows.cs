using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The schema's units for the columns the raw-driver hot path (the task claim) reads itself; every
/// read path maps its rows through the shared row types instead (Core's Store/Rows).
/// </summary>
internal static class SqliteRows
{
    /// <summary>A span stored as INTEGER milliseconds; null stays null.</summary>
    public static TimeSpan? Span(SqliteDataReader r, string column)
    {
        var i = r.GetOrdinal(column);
        return r.IsDBNull(i) ? null : TimeSpan.FromMilliseconds(r.GetInt64(i));
    }
}
