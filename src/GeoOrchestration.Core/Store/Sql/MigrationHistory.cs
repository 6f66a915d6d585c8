using GeoOrchestration.Errors;

namespace GeoOrchestration.Store.Sql;

/// <summary>One migration as a database recorded it when it was applied.</summary>
public sealed record AppliedMigration(int Version, string Name, string Checksum);

/// <summary>
/// Compares what a database has applied with what this build ships. Applied migrations are
/// immutable, and a database a newer build has migrated is not for this build to touch.
/// </summary>
public static class MigrationHistory
{
    /// <summary>Throws when the recorded history cannot continue with the shipped migrations.</summary>
    /// <param name="target">How messages name the database, e.g. <c>schema 'geo'</c> or <c>database '/data/geo.db'</c>.</param>
    /// <exception cref="GeoConfigurationException">
    /// The database has a migration this build does not ship (deployed by a newer version), or an
    /// applied migration's file has changed since.
    /// </exception>
    public static void Verify(IEnumerable<AppliedMigration> applied, IReadOnlyList<Migration> shipped, string target)
    {
        foreach (var record in applied.OrderBy(a => a.Version))
        {
            var file = shipped.FirstOrDefault(m => m.Version == record.Version);
            if (file is null)
                throw new GeoConfigurationException(
                    $"The {target} has migration {record.Version} ({record.Name}) applied, which this build does not ship; " +
                    "it was deployed by a newer version. Upgrade this tool instead of deploying an older schema.");
            if (file.Checksum != record.Checksum)
                throw new GeoConfigurationException(
                    $"Migration {file.Name} has changed since it was applied to the {target} " +
                    $"(recorded checksum {Short(record.Checksum)}…, file now {Short(file.Checksum)}…). " +
                    "Applied migrations are immutable: restore the file and add a new migration for the change.");
        }
    }

    private static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] : checksum;
}
