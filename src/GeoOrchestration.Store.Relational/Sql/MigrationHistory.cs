using GeoOrchestration.Errors;

namespace GeoOrchestration.Store.Relational;

/// <summary>One migration as a database recorded it when it was applied.</summary>
public sealed record AppliedMigration(int Version, string Name, string Checksum);

/// <summary>
/// Compares what a database has applied with what this build ships. Applied migrations are
/// immutable, and a database a newer build has migrated is not for this build to touch.
/// </summary>
public static class MigrationHistory
{
    /// <summary>Throws when the recorded history cannot continue with the shipped migrations.</summary>
    /// <param name="target">How messages name the database, e.g. <c>schema 'geo'</c> or <c>SQLite database '/data/geo.db'</c>.</param>
    /// <exception cref="GeoConfigurationException">
    /// With <see cref="GeoConfigurationException.SchemaHistoryMismatchId"/>: the database has a
    /// migration this build does not ship (deployed by a newer version), records a checksum that is
    /// not one (its history was edited by hand), or an applied migration's file has changed since.
    /// </exception>
    public static void Verify(IEnumerable<AppliedMigration> applied, IReadOnlyList<Migration> shipped, string target)
    {
        foreach (var record in applied.OrderBy(a => a.Version))
        {
            var file = shipped.FirstOrDefault(m => m.Version == record.Version);
            if (file is null)
                throw Mismatch(
                    $"The {target} has migration {record.Version} ({record.Name}) applied, which this build does not ship; " +
                    "it was deployed by a newer version. Upgrade this tool instead of deploying an older schema.");
            if (!Migration.IsChecksum(record.Checksum))
                throw Mismatch(
                    $"The {target} records migration {file.Name} with a malformed checksum ('{Shorten(record.Checksum)}'), " +
                    "so its history was changed by hand. Restore the recorded checksum (64 hexadecimal characters) or deploy anew elsewhere.");
            if (file.Checksum != record.Checksum)
                throw Mismatch(
                    $"Migration {file.Name} has changed since it was applied to the {target} " +
                    $"(recorded checksum {record.Checksum[..12]}…, file now {file.Checksum[..12]}…). " +
                    "Applied migrations are immutable: restore the file and add a new migration for the change.");
        }
    }

    private static GeoConfigurationException Mismatch(string message) =>
        new(GeoConfigurationException.SchemaHistoryMismatchId, message);

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
