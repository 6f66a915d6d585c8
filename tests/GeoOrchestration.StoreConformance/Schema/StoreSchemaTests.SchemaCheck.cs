using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;
using GeoOrchestration.Store.Relational;

namespace GeoOrchestration.StoreConformance;

/// <summary>
/// A schema the build cannot work with is refused by SchemaCheck with a configuration error (the
/// same error ids on every store) and a plain sentence, changing nothing, before any work.
/// </summary>
public abstract partial class StoreSchemaTests
{
    [Fact]
    public async Task Check_DeployedSchema_Passes()
    {
        var store = await CreateUndeployedStoreAsync();
        await Build(store).SchemaDeployAsync(Deploy, default);

        await Build(store).SchemaCheckAsync(default);
    }

    [Fact]
    public async Task Check_UndeployedSchema_SaysSoWithoutNamingAFrontEndAndCreatesNothing()
    {
        var store = await CreateUndeployedStoreAsync();

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => Build(store).SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.Contains($"'{store.Location}'", error.Message);
        // The location may hold the word (a temporary folder's name); the sentence around it must not.
        Assert.DoesNotContain("geoorch", error.Message.Replace(store.Location, "", StringComparison.Ordinal));
        Assert.False(await store.SchemaExistsAsync(default));
    }

    [Fact]
    public async Task Check_SchemaLackingTheLastMigration_SaysItIsOutOfDate()
    {
        var store = await CreateUndeployedStoreAsync();
        await Build(store).SchemaDeployAsync(Deploy, default);
        var last = Shipped[^1];
        await store.ExecuteAsync($"DELETE FROM {store.SqlSchema}.schema_migrations WHERE version = {last.Version}", default);

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => Build(store).SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaOutOfDateId, error.ErrorId);
        Assert.Contains(last.Name, error.Message);
    }

    [Fact]
    public async Task Check_SchemaFromANewerBuild_IsAHistoryMismatch()
    {
        var store = await CreateUndeployedStoreAsync();
        var newer = Shipped.Append(new Migration(9999, "9999_future.sql", $"CREATE TABLE {store.SqlSchema}.future (id INTEGER);")).ToList();
        await Build(store, newer).SchemaDeployAsync(Deploy, default);

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => Build(store).SchemaCheckAsync(default));

        Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, error.ErrorId);
        Assert.Contains("9999", error.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    public async Task DeployAndCheck_MalformedRecordedChecksum_AreAHistoryMismatchNamingTheMigration(string checksum)
    {
        var store = await CreateUndeployedStoreAsync();
        await Build(store).SchemaDeployAsync(Deploy, default);
        await store.ExecuteAsync($"UPDATE {store.SqlSchema}.schema_migrations SET checksum = '{checksum}' WHERE version = 1", default);
        var client = Build(store);

        // Before: ArgumentOutOfRangeException from cutting the checksum to 12 characters.
        var deploy = await Assert.ThrowsAsync<GeoConfigurationException>(() => client.SchemaDeployAsync(Deploy, default));
        var check = await Assert.ThrowsAsync<GeoConfigurationException>(() => client.SchemaCheckAsync(default));

        Assert.All([deploy, check], e =>
        {
            Assert.Equal(GeoConfigurationException.SchemaHistoryMismatchId, e.ErrorId);
            Assert.Contains("malformed checksum", e.Message);
            Assert.Contains(Shipped[0].Name, e.Message);
        });
    }

    [Fact]
    public async Task Worker_OnUndeployedSchema_StopsAtOnceWithTheConfigurationErrorAndCreatesNothing()
    {
        var store = await CreateUndeployedStoreAsync();
        await using var client = new GeoClient(Build(store), JobRegistry.FromAssemblies(BuiltInJobs.Assembly));
        var worker = client.CreateWorker(new WorkerOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        // Before: the worker logged the failed claim and retried forever. The guard only ends a hang.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => worker.RunAsync(guard.Token));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.False(guard.IsCancellationRequested);
        Assert.False(await store.SchemaExistsAsync(default));
    }
}
