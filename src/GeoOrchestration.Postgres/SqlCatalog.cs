using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Postgres;

/// <summary>
/// The named queries of <c>sql/postgres/queries/*.sql</c>, with the schema marker replaced by the quoted
/// schema name. <c>{schema}</c> is the only text that ever enters SQL; values are parameters.
/// </summary>
internal sealed class SqlCatalog
{
    public const string SchemaMarker = "{schema}";

    private readonly Dictionary<string, string> _queries;

    public SqlCatalog(SchemaName schema) =>
        _queries = NamedSql.Catalog(SqlResources.Under(typeof(SqlCatalog).Assembly, "sql/postgres/queries/"),
            body => body.Replace(SchemaMarker, schema.Quoted, StringComparison.Ordinal));

    public string this[string name] =>
        _queries.TryGetValue(name, out var sql) ? sql : throw new KeyNotFoundException($"No query named '{name}' in sql/postgres/queries.");
}

