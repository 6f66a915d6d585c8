using System.Reflection;

namespace GeoOrchestration.Store.Relational;

/// <summary>Reads the SQL files a store assembly embeds from <c>sql/</c> (logical names keep the path).</summary>
public static class SqlResources
{
    /// <summary>The embedded files whose logical name starts with <paramref name="prefix"/>, in ordinal name order.</summary>
    public static IEnumerable<(string Resource, string Text)> Under(Assembly assembly, string prefix)
    {
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource, reader.ReadToEnd());
        }
    }
}
