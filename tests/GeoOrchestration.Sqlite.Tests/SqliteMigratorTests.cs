using GeoOrchestration.Errors;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite.Tests;

// SQLite's own migrator rules: the data of its first version carried over (set up with SQL of this
// database), a failed migration named in the error and all of it undone (PostgreSQL's error map
// reports a failed migration as a schema that "does not match this version", PostgresErrorMap), a
// SQLite file of something else refused, its query catalog, and the check a store makes when it
// opens a file (IsCurrentAsync; a PostgreSQL store never deploys on use). The migrator's rules
// every store shares are in the conformance suite (StoreConformance/Schema/StoreSchemaTests.Migrations.cs).
public sealed class SqliteMigratorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IReadOnlyList<Migration> Shipped => SqliteSqlCatalog.Migrations();

    private SqliteMigrator Migrator(IReadOnlyList<Migration>? migrations = null, string? path = null) =>
        new(Db.Database(path ?? _folder.File()), migrations ?? Shipped, TimeProvider.System);

    private long Scalar(string sql) => (long)Db.Scalar(_folder.File(), sql)!;

    [Fact]
    public async Task Deploy_OverTheFirstVersion_KeepsItsStagesAdvancedAndItsJobTimeouts()
    {
        // A file deployed by the build before 0002: a job with a deadline and a stage at zero.
        await Migrator(Shipped.Take(1).ToList()).DeployAsync(false, default);
        var jobId = new string('a', 64);
        using (var other = Db.Other(_folder.File()))
            Db.Execute(other, $"""
                INSERT INTO jobs (job_id, job_type, parameters, status, stage, total_stages, created_at, updated_at, deadline_at)
                VALUES ('{jobId}', 'test', '{"{}"}', 'processing', 1, 2, 1000, 1000, 61000);
                INSERT INTO stages (job_id, stage, task_count, remaining, planned_at, completed_at) VALUES ('{jobId}', 1, 1, 0, 1000, 5000);
                """);

        await Migrator().DeployAsync(false, default);

        Assert.Equal(60000L, Scalar("SELECT job_timeout FROM jobs"));
        Assert.Equal(5000L, Scalar("SELECT advanced_at FROM stages"));
    }

    [Fact]
    public async Task Open_AfterTwoDeploys_FindsTheFileCurrent()
    {
        await Migrator().DeployAsync(false, default);
        await Migrator().DeployAsync(false, default);

        Assert.True(await Migrator().IsCurrentAsync(forWriting: true, default));
    }

    [Fact]
    public async Task Open_AppliedMigrationChanged_IsRefusedNamingTheFile()
    {
        await Migrator().DeployAsync(false, default);
        var drifted = Shipped.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited after release\n" } : m).ToList();

        var open = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator(drifted).IsCurrentAsync(forWriting: true, default));

        Assert.Contains(Shipped[0].Name, open.Message);
        Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, open.ErrorId);
    }

    [Fact]
    public async Task Open_DatabaseFromANewerBuild_IsRefused()
    {
        var newer = Shipped.Append(new Migration(9999, "9999_future.sql", "CREATE TABLE future (id INTEGER);")).ToList();
        await Migrator(newer).DeployAsync(false, default);

        var open = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator().IsCurrentAsync(forWriting: true, default));

        Assert.Contains("9999", open.Message);
        Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, open.ErrorId);
    }

    [Fact]
    public async Task Deploy_MigrationFailsHalfway_LeavesNothingBehind()
    {
        var broken = Shipped.Append(new Migration(9000, "9000_broken.sql", "CREATE TABLE extra (id INTEGER); SELECT no_such_function();")).ToList();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator(broken).DeployAsync(false, default));

        Assert.Contains("9000_broken.sql", error.Message);

        // One transaction: neither the shipped migrations before it nor its first statement remain.
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"));
    }

    [Fact]
    public async Task Deploy_SqliteFileOfSomethingElse_IsRefusedAndLeftAlone()
    {
        using (var other = Db.Other(_folder.File())) Db.Execute(other, "CREATE TABLE customers (id INTEGER); INSERT INTO customers VALUES (1);");

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Migrator().DeployAsync(false, default));

        Assert.Equal(("path", "foreign_database"), (error.Errors[0].Field, error.Errors[0].Rule));
        Assert.Contains("customers", error.Message);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"));
    }

    [Fact]
    public void Catalog_EveryQueryName_IsFoundAndHasText()
    {
        foreach (var name in new[] { "MigratorBootstrap", "MigratorHistoryExists", "MigratorOtherTables", "MigratorApplied", "MigratorRecord", "ConnectionPragmas", "ConnectionJournalWal" })
            Assert.False(string.IsNullOrWhiteSpace(SqliteSqlCatalog.Get(name)));
        Assert.Throws<KeyNotFoundException>(() => SqliteSqlCatalog.Get("NoSuchQuery"));
    }
}
