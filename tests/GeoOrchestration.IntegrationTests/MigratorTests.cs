using GeoOrchestration.Errors;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Postgres;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.IntegrationTests;

public sealed class MigratorTests
{
    private static IReadOnlyList<Migration> Shipped() => Migration.Embedded(typeof(PostgresStore).Assembly, "sql/postgres/migrations/");

    private readonly PostgresServer _server = PostgresServer.Instance;

    private static string FreshSchema() => $"m_{Guid.NewGuid().ToString("N")[..12]}";

    private PostgresStore Store(string schema, IReadOnlyList<Migration>? migrations = null) =>
        new(new PostgresStoreOptions { ConnectionString = _server.ConnectionString, Schema = schema }, null, migrations ?? Shipped());

    private async Task<long> ScalarAsync(string sql)
    {
        await using var dataSource = _server.CreateDataSource();
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Deploy_Twice_AppliesEachMigrationOnceAndReportsTheSecondRunAsUpToDate()
    {
        var schema = FreshSchema();
        await using var store = Store(schema);

        var first = await store.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default);
        var second = await store.SchemaDeployAsync(new SchemaDeployParams(DryRun: false), default);

        Assert.All(first.Migrations, m => Assert.False(m.Applied));
        Assert.All(second.Migrations, m => Assert.True(m.Applied));
        Assert.Empty(second.Pending);
        Assert.Equal(Shipped().Count, await ScalarAsync($"SELECT count(*) FROM \"{schema}\".schema_migrations"));
    }

    [Fact]
    public async Task Deploy_DryRunOnEmptyDatabase_ReportsPendingAndCreatesNothing()
    {
        var schema = FreshSchema();
        await using var store = Store(schema);

        var plan = await store.SchemaDeployAsync(new SchemaDeployParams(DryRun: true), default);

        Assert.True(plan.DryRun);
        Assert.Equal(Shipped().Count, plan.Pending.Count());
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'"));
    }

    [Fact]
    public async Task Deploy_FourDeployersAtOnce_AllSucceedAndEachMigrationIsRecordedOnce()
    {
        var schema = FreshSchema();
        var stores = Enumerable.Range(0, 4).Select(_ => Store(schema)).ToList();

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.SchemaDeployAsync(new SchemaDeployParams(false), default))));

        Assert.Single(results, r => r.Pending.Any());
        Assert.Equal(Shipped().Count, await ScalarAsync($"SELECT count(*) FROM \"{schema}\".schema_migrations"));
        foreach (var s in stores) await s.DisposeAsync();
    }

    [Fact]
    public async Task Deploy_AppliedMigrationChanged_IsRefusedNamingTheFile()
    {
        var schema = FreshSchema();
        await using (var original = Store(schema)) await original.SchemaDeployAsync(new SchemaDeployParams(false), default);
        var shipped = Shipped();
        var drifted = shipped.Select(m => m.Version == 1 ? m with { Sql = m.Sql + "\n-- edited after release\n" } : m).ToList();
        await using var store = Store(schema, drifted);

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaDeployAsync(new SchemaDeployParams(false), default));

        Assert.Contains(shipped[0].Name, error.Message);
        Assert.Contains("changed since it was applied", error.Message);
    }

    [Fact]
    public async Task Deploy_DatabaseHasMigrationThisBuildLacks_IsRefused()
    {
        var schema = FreshSchema();
        var newer = Shipped().Append(new Migration(9999, "9999_future.sql", "CREATE TABLE {schema}.future (id int);")).ToList();
        await using (var ahead = Store(schema, newer)) await ahead.SchemaDeployAsync(new SchemaDeployParams(false), default);
        await using var store = Store(schema);

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaDeployAsync(new SchemaDeployParams(false), default));

        Assert.Contains("9999", error.Message);
    }

    [Fact]
    public async Task Deploy_NewMigrationAdded_AppliesOnlyTheNewOne()
    {
        var schema = FreshSchema();
        await using (var v1 = Store(schema)) await v1.SchemaDeployAsync(new SchemaDeployParams(false), default);
        var next = Shipped().Append(new Migration(9000, "9000_extra.sql", "CREATE TABLE {schema}.extra (id int);")).ToList();
        await using var store = Store(schema, next);

        var result = await store.SchemaDeployAsync(new SchemaDeployParams(false), default);

        Assert.Equal([9000], result.Pending.Select(m => m.Version));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM \"{schema}\".extra"));
    }

    [Theory]
    [InlineData("geo\"; DROP SCHEMA public; --")]
    [InlineData("Geo")]
    [InlineData("has space")]
    [InlineData("pg_catalog")]
    [InlineData("")]
    public void Store_InvalidSchemaName_IsRefusedNamingTheField(string schema)
    {
        var error = Assert.Throws<GeoValidationException>(() => Store(schema));
        Assert.Equal("schema", error.Errors[0].Field);
    }
}
