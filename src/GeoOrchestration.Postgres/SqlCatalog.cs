using System.Reflection;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Postgres;

/// <summary>
/// The named queries of <c>sql/queries/*.sql</c>, with the schema marker replaced by the quoted
/// schema name. <c>{schema}</c> is the only text that ever enters SQL; values are parameters.
/// </summary>
internal sealed class SqlCatalog
{
    public const string SchemaMarker = "{schema}";
    private const string NamePrefix = "-- name:";

    private readonly Dictionary<string, string> _queries;

    public SqlCatalog(SchemaName schema)
    {
        _queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (resource, text) in EmbeddedSql.Under("sql/queries/"))
            foreach (var (name, body) in Store.Sql.NamedSql.Parse(resource, text))
                if (!_queries.TryAdd(name, body.Replace(SchemaMarker, schema.Quoted, StringComparison.Ordinal)))
                    throw new GeoConfigurationException($"Query '{name}' is defined twice (second time in {resource}).");
    }

    public string this[string name] =>
        _queries.TryGetValue(name, out var sql) ? sql : throw new KeyNotFoundException($"No query named '{name}' in sql/queries.");

    internal static IEnumerable<(string Name, string Body)> ParseNamed(string resource, string text)
    {
        string? name = null;
        var body = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.StartsWith(NamePrefix, StringComparison.Ordinal))
            {
                if (name is not null) yield return (name, Join(body));
                name = line[NamePrefix.Length..].Trim();
                if (name.Length == 0) throw new GeoConfigurationException($"Empty query name in {resource}.");
                body.Clear();
            }
            else if (name is not null)
            {
                body.Add(line);
            }
        }
        if (name is not null) yield return (name, Join(body));
    }

    /// <summary>The body without its leading comment lines (documentation for readers, not SQL to send).</summary>
    private static string Join(List<string> lines) =>
        string.Join('\n', lines.SkipWhile(l => l.TrimStart().StartsWith("--", StringComparison.Ordinal) || l.Trim().Length == 0)).Trim();
}

/// <summary>Reads the SQL files embedded from <c>sql/</c>.</summary>
internal static class EmbeddedSql
{
    public static IEnumerable<(string Resource, string Text)> Under(string prefix)
    {
        var assembly = typeof(EmbeddedSql).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource, reader.ReadToEnd());
        }
    }
}
