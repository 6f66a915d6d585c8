using GeoOrchestration.Errors;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// Brings a SQLite file to this build's schema: the migrations of <c>sql/sqlite/migrations</c>,
/// applied in one transaction that holds the write lock (so concurrent deployers, in any process,
/// run one after the other and the later ones find nothing to do), each recorded with its
/// checksum. Refuses drifted history, a database a newer build migrated, and a SQLite file that
/// belongs to something else. A dry run creates and changes nothing, not even the file.
/// </summary>
internal sealed class SqliteMigrator(SqliteDatabase database, IReadOnlyList<Migration> migrations, TimeProvider time)
{
    /// <summary>The name a SQLite file gives its own tables' schema; reported as the deploy's schema.</summary>
    public const string SchemaLabel = "main";

    private string Target => $"SQLite database '{database.Settings.FullPath}'";

    public async Task<SchemaDeployResult> DeployAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var exists = SqliteFileGuard.Check(database.Settings, forWriting: !dryRun);
        if (dryRun)
        {
            var recorded = exists
                ? await database.ReadAsync((c, t) => ReadHistoryAsync(c, null, t), cancellationToken, readOnly: true)
                : [];
            MigrationHistory.Verify(recorded, migrations, Target);
            return Result(recorded, dryRun: true);
        }

        return await database.WriteAsync(async (connection, transaction, token) =>
        {
            var applied = await ReadHistoryAsync(connection, transaction, token);
            MigrationHistory.Verify(applied, migrations, Target);
            Execute(connection, transaction, SqliteSqlCatalog.Get("MigratorBootstrap"));
            foreach (var migration in migrations.Where(m => applied.All(a => a.Version != m.Version)))
            {
                try
                {
                    Execute(connection, transaction, migration.Sql);
                }
                catch (SqliteException e) when (!SqliteErrors.IsBusy(e) && SqliteErrors.Map(e, database.Settings) is null)
                {
                    throw new GeoConfigurationException($"Migration {migration.Name} failed on the {Target}, so none was applied: {e.Message}", e);
                }
                using var record = new SqliteCommand(SqliteSqlCatalog.Get("MigratorRecord"), connection, transaction);
                record.Parameters.AddWithValue("@version", migration.Version);
                record.Parameters.AddWithValue("@name", migration.Name);
                record.Parameters.AddWithValue("@checksum", migration.Checksum);
                record.Parameters.AddWithValue("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
            }
            return Result(applied, dryRun: false);
        }, cancellationToken);
    }

    /// <summary>
    /// Whether the file already has exactly this build's migrations, checked without taking the
    /// write lock: a store that opens an up-to-date file (the usual case) does not queue behind a
    /// writer. Throws as a deploy would for drifted or newer history. Not for writing: on a
    /// read-only connection, accepting a file or folder without write permission.
    /// </summary>
    public async Task<bool> IsCurrentAsync(bool forWriting, CancellationToken cancellationToken)
    {
        if (!SqliteFileGuard.Check(database.Settings, forWriting)) return false;
        var applied = await database.ReadAsync((c, t) => ReadHistoryAsync(c, null, t), cancellationToken, readOnly: !forWriting);
        MigrationHistory.Verify(applied, migrations, Target);
        return migrations.All(m => applied.Any(a => a.Version == m.Version));
    }

    /// <summary>
    /// Refuses, changing nothing (not even creating the file), a database this build cannot work
    /// with, with the error ids PostgreSQL's check uses: no file or no schema history yet
    /// (<see cref="GeoConfigurationException.SchemaNotDeployedId"/>), missing migrations
    /// (<see cref="GeoConfigurationException.SchemaOutOfDateId"/>), history that differs
    /// (<see cref="GeoConfigurationException.SchemaHistoryMismatchId"/>). One small read.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var applied = SqliteFileGuard.Check(database.Settings, forWriting: false)
            ? await database.ReadAsync((c, t) => ReadHistoryAsync(c, null, t), cancellationToken, readOnly: true)
            : [];
        if (applied.Count == 0)
            throw new GeoConfigurationException(GeoConfigurationException.SchemaNotDeployedId,
                $"The {Target} has no schema yet; deploy it first.");
        MigrationHistory.Verify(applied, migrations, Target);
        var missing = migrations.Where(m => applied.All(a => a.Version != m.Version)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
            throw new GeoConfigurationException(GeoConfigurationException.SchemaOutOfDateId,
                $"The {Target} lacks {missing.Count} migration(s) this version needs ({string.Join(", ", missing)}); deploy it first.");
    }

    private async Task<IReadOnlyList<AppliedMigration>> ReadHistoryAsync(SqliteConnection connection, SqliteTransaction? transaction,
        CancellationToken cancellationToken)
    {
        await using (var exists = new SqliteCommand(SqliteSqlCatalog.Get("MigratorHistoryExists"), connection, transaction))
        {
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var others = new SqliteCommand(SqliteSqlCatalog.Get("MigratorOtherTables"), connection, transaction);
                if (await others.ExecuteScalarAsync(cancellationToken) is string tables)
                    throw new GeoValidationException("path", "foreign_database",
                        $"'{database.Settings.FullPath}' is a SQLite database of something else (it has tables such as {tables}, but no " +
                        "GeoOrchestration schema history); refusing to add tables to it. Choose another file.");
                return [];
            }
        }
        var applied = new List<AppliedMigration>();
        await using var read = new SqliteCommand(SqliteSqlCatalog.Get("MigratorApplied"), connection, transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            applied.Add(new AppliedMigration(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        return applied;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = new SqliteCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private SchemaDeployResult Result(IReadOnlyList<AppliedMigration> applied, bool dryRun) =>
        new(SchemaLabel, migrations.Select(m => new MigrationStep(m.Version, m.Name, applied.Any(a => a.Version == m.Version))).ToList(), dryRun);
}
