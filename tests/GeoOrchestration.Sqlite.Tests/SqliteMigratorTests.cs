using GeoOrchestration.Errors;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.Sqlite.Tests;

public sealed class SqliteMigratorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static IReadOnlyList<Migration> Shipped => SqliteSqlCatalog.Migrations();

    private SqliteMigrator Migrator(IReadOnlyList<Migration>? migrations = null, string? path = null) =>
        new(Db.Database(path ?? _folder.File()), migrations ?? Shipped, TimeProvider.System);

    private long Scalar(string sql) => (long)Db.Scalar(_folder.File(), sql)!;

    [Fact]
    public void Embedded_ShipsTheInitialMigration()
    {
        Assert.Equal("0001_initial.sql", Shipped[0].Name);
    }

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
    public async Task Deploy_FreshFile_CreatesTheTablesAndRecordsEachMigrationWithItsChecksum()
    {
        var result = await Migrator().DeployAsync(dryRun: false, default);

        Assert.Equal(Shipped.Count, result.Pending.Count());
        Assert.Equal("main", result.Schema);
        foreach (var table in new[] { "jobs", "stages", "tasks", "job_work", "job_events", "schema_migrations" })
            Assert.Equal(1L, Scalar($"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{table}'"));
        Assert.Equal(Shipped[0].Checksum, Db.Scalar(_folder.File(), "SELECT checksum FROM schema_migrations WHERE version = 1"));
    }

    [Fact]
    public async Task Deploy_Twice_AppliesEachMigrationOnceAndReportsTheSecondRunAsUpToDate()
    {
        await Migrator().DeployAsync(false, default);

        var second = await Migrator().DeployAsync(false, default);

        Assert.All(second.Migrations, m => Assert.True(m.Applied));
        Assert.Empty(second.Pending);
        Assert.Equal(Shipped.Count, Scalar("SELECT count(*) FROM schema_migrations"));
        Assert.True(await Migrator().IsCurrentAsync(forWriting: true, default));
    }

    [Fact]
    public async Task Deploy_DryRunOnMissingFile_ReportsEverythingPendingAndCreatesNothing()
    {
        var path = Path.Combine(_folder.Path, "not", "yet", "geo.db");

        var plan = await Migrator(path: path).DeployAsync(dryRun: true, default);

        Assert.True(plan.DryRun);
        Assert.Equal(Shipped.Count, plan.Pending.Count());
        Assert.Empty(Db.Files(_folder.Path));
    }

    [Fact]
    public async Task Deploy_DryRunWithANewMigration_ReportsItAndChangesNothing()
    {
        await Migrator().DeployAsync(false, default);
        var next = Shipped.Append(new Migration(9000, "9000_extra.sql", "CREATE TABLE extra (id INTEGER);")).ToList();

        var plan = await Migrator(next).DeployAsync(dryRun: true, default);

        Assert.Equal([9000], plan.Pending.Select(m => m.Version));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'"));
        Assert.Equal(Shipped.Count, Scalar("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Deploy_NewMigrationAdded_AppliesOnlyTheNewOne()
    {
        await Migrator().DeployAsync(false, default);
        var next = Shipped.Append(new Migration(9000, "9000_extra.sql", "CREATE TABLE extra (id INTEGER);")).ToList();

        var result = await Migrator(next).DeployAsync(false, default);

        Assert.Equal([9000], result.Pending.Select(m => m.Version));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM extra"));
    }

    [Fact]
    public async Task Deploy_AppliedMigrationChanged_IsRefusedNamingTheFile()
    {
        await Migrator().DeployAsync(false, default);
        var drifted = Shipped.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited after release\n" } : m).ToList();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator(drifted).DeployAsync(false, default));
        var dryRun = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator(drifted).DeployAsync(true, default));
        var open = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator(drifted).IsCurrentAsync(forWriting: true, default));

        Assert.All(new[] { error, dryRun, open }, e => Assert.Contains(Shipped[0].Name, e.Message));
        Assert.All(new[] { error, dryRun, open }, e => Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, e.ErrorId));
        Assert.Contains("changed since it was applied", error.Message);
    }

    [Fact]
    public async Task Deploy_DatabaseFromANewerBuild_IsRefusedByDeployAndByOpening()
    {
        var newer = Shipped.Append(new Migration(9999, "9999_future.sql", "CREATE TABLE future (id INTEGER);")).ToList();
        await Migrator(newer).DeployAsync(false, default);

        var deploy = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator().DeployAsync(false, default));
        var open = await Assert.ThrowsAsync<GeoConfigurationException>(() => Migrator().IsCurrentAsync(forWriting: true, default));

        Assert.All(new[] { deploy, open }, e => Assert.Contains("9999", e.Message));
        Assert.All(new[] { deploy, open }, e => Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, e.ErrorId));
        Assert.Contains("newer version", deploy.Message);
        Assert.DoesNotContain('\n', deploy.Message);
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
    public async Task Deploy_FourDeployersAtOnce_OneAppliesAndTheOthersFindItDone()
    {
        var migrators = Enumerable.Range(0, 4).Select(_ => Migrator()).ToList();

        var results = await Task.WhenAll(migrators.Select(m => Task.Run(() => m.DeployAsync(false, default))));

        Assert.Single(results, r => r.Pending.Any());
        Assert.Equal(Shipped.Count, Scalar("SELECT count(*) FROM schema_migrations"));
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
