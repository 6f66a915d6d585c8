using GeoOrchestration.Errors;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// Parses the named-query files of <c>sql/</c>: each query starts at a line <c>-- name: X</c> and
/// runs to the next one. Shared by every store, so the file format means the same everywhere.
/// </summary>
public static class NamedSql
{
    /// <summary>The line prefix that starts a named query.</summary>
    public const string NamePrefix = "-- name:";

    /// <summary>The named queries of one file, in file order.</summary>
    /// <param name="resource">The file's name, used in error messages.</param>
    /// <exception cref="GeoConfigurationException">A query has an empty name.</exception>
    public static IEnumerable<(string Name, string Body)> Parse(string resource, string text)
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

    /// <summary>
    /// All named queries of several files in one dictionary.
    /// </summary>
    /// <exception cref="GeoConfigurationException">A name is defined twice.</exception>
    public static Dictionary<string, string> Catalog(IEnumerable<(string Resource, string Text)> files, Func<string, string>? transform = null)
    {
        var queries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (resource, text) in files)
            foreach (var (name, body) in Parse(resource, text))
                if (!queries.TryAdd(name, transform is null ? body : transform(body)))
                    throw new GeoConfigurationException($"Query '{name}' is defined twice (second time in {resource}).");
        return queries;
    }

    /// <summary>The body without its leading comment lines (documentation for readers, not SQL to send).</summary>
    private static string Join(List<string> lines) =>
        string.Join('\n', lines.SkipWhile(l => l.TrimStart().StartsWith("--", StringComparison.Ordinal) || l.Trim().Length == 0)).Trim();
}
