using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// The named queries of <c>sql/sqlite/queries/*.sql</c>. A SQLite file is its own namespace, so
/// unlike PostgreSQL there is no schema marker: the text is sent as written, values as parameters.
/// </summary>
internal static class SqliteSqlCatalog
{
    public const string ResourcePrefix = "sql/sqlite/queries/";

    private static readonly Lazy<Dictionary<string, string>> Queries = new(() =>
        NamedSql.Catalog(SqlResources.Under(typeof(SqliteSqlCatalog).Assembly, ResourcePrefix)));

    public static string Get(string name) =>
        Queries.Value.TryGetValue(name, out var sql) ? sql : throw new KeyNotFoundException($"No query named '{name}' in {ResourcePrefix}.");

    /// <summary>The migrations this build ships, from <c>sql/sqlite/migrations/</c>.</summary>
    public static IReadOnlyList<Migration> Migrations() => Migration.Embedded(typeof(SqliteSqlCatalog).Assembly, "sql/sqlite/migrations/");
}
