using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Store.Relational;

/// <summary>
/// One versioned schema migration, a file <c>NNNN_name.sql</c>. Its checksum is taken over the file
/// as shipped (line endings normalised), before any schema name is filled in, so the same file has
/// the same checksum wherever it is applied.
/// </summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    // Computed, not stored: a copy made with `with { Sql = ... }` must not keep the old checksum.
    /// <summary>Lowercase hex SHA-256 of the file text with CRLF turned into LF.</summary>
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n")))).ToLowerInvariant();

    /// <summary>Whether text has the form of a checksum: 64 lowercase hexadecimal characters (a SHA-256).</summary>
    public static bool IsChecksum(string? text) => text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The migrations an assembly embeds under <paramref name="prefix"/> (e.g. <c>sql/sqlite/migrations/</c>), in version order.</summary>
    public static IReadOnlyList<Migration> Embedded(Assembly assembly, string prefix) =>
        FromFiles(SqlResources.Under(assembly, prefix).Select(f => (Path.GetFileName(f.Resource), f.Text)));

    /// <summary>Migrations from (file name, text) pairs, in version order.</summary>
    /// <exception cref="GeoConfigurationException">A file is misnamed, or two files share a version.</exception>
    public static IReadOnlyList<Migration> FromFiles(IEnumerable<(string FileName, string Text)> files)
    {
        var migrations = new List<Migration>();
        foreach (var (fileName, text) in files)
        {
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
                throw new GeoConfigurationException($"Migration file '{fileName}' must be named NNNN_description.sql.");
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value), fileName, text));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new GeoConfigurationException($"Migration version {duplicate.Key} is used twice: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        return migrations.OrderBy(m => m.Version).ToList();
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
