using GeoOrchestration.Errors;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;
using GeoOrchestration.StoreConformance.Harness;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// The migrator's rules, the same on every store: each shipped migration applied once and recorded
/// with its checksum, a dry run that creates nothing, concurrent deployers, a new migration applied
/// alone, and a history this build cannot work with refused (an edited migration, one
/// from a newer build). Each test deploys a store nothing has deployed yet, as a build with the
/// migrations it gives (<see cref="IHarnessStore.OpenWith"/>).
/// </summary>
public abstract partial class StoreSchemaTests
{
    private IReadOnlyList<Migration> Shipped => StoreHarness.Migrations;

    private static readonly SchemaDeployParams Deploy = new(DryRun: false);

    /// <summary>A client of <paramref name="store"/> as a build with <paramref name="migrations"/> (the shipped ones by default).</summary>
    private IGeoStore Build(IHarnessStore store, IReadOnlyList<Migration>? migrations = null) => Track(store.OpenWith(migrations ?? Shipped));

    private static async Task<long> CountAsync(IHarnessStore store, string sql) => Convert.ToInt64(await store.ScalarAsync(sql, default));

    private static Task<long> HistoryCountAsync(IHarnessStore store) => CountAsync(store, $"SELECT count(*) FROM {store.SqlSchema}.schema_migrations");

    [Fact]
    public void Embedded_ShipsTheInitialMigration()
    {
        Assert.Equal("0001_initial.sql", Shipped[0].Name);
    }

    [Fact]
    public async Task Deploy_Fresh_CreatesTheTablesAndRecordsEachMigrationWithItsChecksum()
    {
        var store = await CreateUndeployedStoreAsync();

        var result = await Build(store).SchemaDeployAsync(Deploy, default);

        Assert.Equal(Shipped.Count, result.Pending.Count());
        Assert.Equal(store.SqlSchema.Trim('"'), result.Schema);
        var tables = await store.TablesAsync(default);
        foreach (var table in new[] { "jobs", "stages", "tasks", "job_work", "job_events", "schema_migrations" })
            Assert.Contains(table, tables);
        Assert.Equal(Shipped[0].Checksum, await store.ScalarAsync($"SELECT checksum FROM {store.SqlSchema}.schema_migrations WHERE version = 1", default));
    }

    [Fact]
    public async Task Deploy_Twice_AppliesEachMigrationOnceAndReportsTheSecondRunAsUpToDate()
    {
        var store = await CreateUndeployedStoreAsync();

        var first = await Build(store).SchemaDeployAsync(Deploy, default);
        var second = await Build(store).SchemaDeployAsync(Deploy, default);

        Assert.All(first.Migrations, m => Assert.False(m.Applied));
        Assert.All(second.Migrations, m => Assert.True(m.Applied));
        Assert.Empty(second.Pending);
        Assert.Equal(Shipped.Count, await HistoryCountAsync(store));
    }

    [Fact]
    public async Task Deploy_DryRunOnEmptyStore_ReportsEverythingPendingAndCreatesNothing()
    {
        var store = await CreateUndeployedStoreAsync();

        var plan = await Build(store).SchemaDeployAsync(new SchemaDeployParams(DryRun: true), default);

        Assert.True(plan.DryRun);
        Assert.Equal(Shipped.Count, plan.Pending.Count());
        Assert.False(await store.SchemaExistsAsync(default));
    }

    [Fact]
    public async Task Deploy_DryRunWithANewMigration_ReportsItAndChangesNothing()
    {
        var store = await CreateUndeployedStoreAsync();
        await Build(store).SchemaDeployAsync(Deploy, default);
        var next = Shipped.Append(new Migration(9000, "9000_extra.sql", $"CREATE TABLE {store.SqlSchema}.extra (id INTEGER);")).ToList();

        var plan = await Build(store, next).SchemaDeployAsync(new SchemaDeployParams(DryRun: true), default);

        Assert.Equal([9000], plan.Pending.Select(m => m.Version));
        Assert.DoesNotContain("extra", await store.TablesAsync(default));
        Assert.Equal(Shipped.Count, await HistoryCountAsync(store));
    }

    [Fact]
    public async Task Deploy_NewMigrationAdded_AppliesOnlyTheNewOne()
    {
        var store = await CreateUndeployedStoreAsync();
        await Build(store).SchemaDeployAsync(Deploy, default);
        var next = Shipped.Append(new Migration(9000, "9000_extra.sql", $"CREATE TABLE {store.SqlSchema}.extra (id INTEGER);")).ToList();

        var result = await Build(store, next).SchemaDeployAsync(Deploy, default);

        Assert.Equal([9000], result.Pending.Select(m => m.Version));
        Assert.Equal(0L, await CountAsync(store, $"SELECT count(*) FROM {store.SqlSchema}.extra"));
    }

    [Fact]
    public async Task Deploy_AppliedMigrationChanged_IsRefusedNamingTheFile()
    {
        var store = await CreateUndeployedStoreAsync();
        await Build(store).SchemaDeployAsync(Deploy, default);
        var drifted = Shipped.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited after release\n" } : m).ToList();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => Build(store, drifted).SchemaDeployAsync(Deploy, default));
        var dryRun = await Assert.ThrowsAsync<GeoConfigurationException>(() => Build(store, drifted).SchemaDeployAsync(new SchemaDeployParams(DryRun: true), default));

        Assert.All(new[] { error, dryRun }, e => Assert.Contains(Shipped[0].Name, e.Message));
        Assert.All(new[] { error, dryRun }, e => Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, e.ErrorId));
        Assert.Contains("changed since it was applied", error.Message);
    }

    [Fact]
    public async Task Deploy_DatabaseFromANewerBuild_IsRefused()
    {
        var store = await CreateUndeployedStoreAsync();
        var newer = Shipped.Append(new Migration(9999, "9999_future.sql", $"CREATE TABLE {store.SqlSchema}.future (id INTEGER);")).ToList();
        await Build(store, newer).SchemaDeployAsync(Deploy, default);

        var deploy = await Assert.ThrowsAsync<GeoConfigurationException>(() => Build(store).SchemaDeployAsync(Deploy, default));

        Assert.Contains("9999", deploy.Message);
        Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, deploy.ErrorId);
        Assert.Contains("newer version", deploy.Message);
        Assert.DoesNotContain('\n', deploy.Message);
    }

    [Fact]
    public async Task Deploy_FourDeployersAtOnce_OneAppliesAndTheOthersFindItDone()
    {
        var store = await CreateUndeployedStoreAsync();
        var deployers = Enumerable.Range(0, 4).Select(_ => Build(store)).ToList();

        var results = await Task.WhenAll(deployers.Select(d => Task.Run(() => d.SchemaDeployAsync(Deploy, default))));

        Assert.Single(results, r => r.Pending.Any());
        Assert.Equal(Shipped.Count, await HistoryCountAsync(store));
    }
}
