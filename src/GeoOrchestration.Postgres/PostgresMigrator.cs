using GeoOrchestration.Errors;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>
/// Applies migrations in one transaction under an advisory lock, so two deployers of the same
/// schema cannot interleave, and refuses a database whose recorded history differs from the files.
/// </summary>
internal sealed class PostgresMigrator(NpgsqlDataSource dataSource, SchemaName schema, SqlCatalog sql, IReadOnlyList<Migration> migrations)
{
    public async Task<SchemaDeployResult> DeployAsync(bool dryRun, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand(sql["MigratorLock"], connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("schema_name", schema.Value);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = await ReadAppliedAsync(connection, transaction, dryRun, cancellationToken);
        CheckHistory(applied);

        var steps = new List<MigrationStep>();
        foreach (var migration in migrations)
        {
            var isApplied = applied.ContainsKey(migration.Version);
            steps.Add(new MigrationStep(migration.Version, migration.Name, isApplied));
            if (isApplied || dryRun) continue;
            await using (var apply = new NpgsqlCommand(migration.Sql.Replace(SqlCatalog.SchemaMarker, schema.Quoted, StringComparison.Ordinal), connection, transaction))
                await apply.ExecuteNonQueryAsync(cancellationToken);
            await using var record = new NpgsqlCommand(sql["MigratorRecord"], connection, transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        if (dryRun) await transaction.RollbackAsync(cancellationToken);
        else await transaction.CommitAsync(cancellationToken);
        return new SchemaDeployResult(schema.Value, steps, dryRun);
    }

    private async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, bool dryRun, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, string)>();
        if (dryRun)
        {
            await using var exists = new NpgsqlCommand(sql["MigratorSchemaExists"], connection, transaction);
            exists.Parameters.AddWithValue("schema_name", schema.Value);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return applied;
        }
        else
        {
            await using var bootstrap = new NpgsqlCommand(sql["MigratorBootstrap"], connection, transaction);
            await bootstrap.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var read = new NpgsqlCommand(sql["MigratorApplied"], connection, transaction);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        return applied;
    }

    /// <summary>
    /// Refuses, without changing anything, a schema this build cannot work with: not deployed,
    /// lacking migrations, or with a history that differs from the shipped files. Two small reads,
    /// cheap enough for every worker start.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand(sql["MigratorSchemaExists"], connection, transaction))
        {
            exists.Parameters.AddWithValue("schema_name", schema.Value);
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                throw new GeoConfigurationException(GeoConfigurationException.SchemaNotDeployedId,
                    $"Schema '{schema}' is not deployed in this database (check the schema name); nothing was created, and only a deploy creates one.");
        }
        var applied = await ReadAppliedAsync(connection, transaction, dryRun: true, cancellationToken);
        CheckHistory(applied);
        var missing = migrations.Where(m => !applied.ContainsKey(m.Version)).Select(m => m.Name).ToList();
        if (missing.Count > 0)
            throw new GeoConfigurationException(GeoConfigurationException.SchemaOutOfDateId,
                $"Schema '{schema}' is at migration {(applied.Count == 0 ? 0 : applied.Keys.Max())} and lacks {missing.Count} this version needs " +
                $"({string.Join(", ", missing)}); deploy this version's schema first (a schema is upgraded only by a deploy).");
    }

    private void CheckHistory(Dictionary<int, (string Name, string Checksum)> applied) =>
        MigrationHistory.Verify(applied.Select(a => new AppliedMigration(a.Key, a.Value.Name, a.Value.Checksum)), migrations, $"schema '{schema}'");
}
