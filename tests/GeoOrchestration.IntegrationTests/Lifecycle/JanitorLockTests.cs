using GeoOrchestration.Engine;
using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.Store;

namespace GeoOrchestration.IntegrationTests.Lifecycle;

/// <summary>
/// PostgreSQL's janitor lock is a transaction-scoped advisory lock taken without waiting: a worker
/// that finds it held skips its round rather than queueing behind it (the conformance suite checks,
/// for every store, that concurrent rounds return each lapsed lease once).
/// </summary>
public sealed class JanitorLockTests(SchemaFixture fixture) : IClassFixture<SchemaFixture>
{
    [Fact]
    public async Task Janitor_SecondRunnerWhileTheFirstHoldsTheLock_SkipsTheRound()
    {
        await using var dataSource = fixture.Server.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var hold = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('geoorch.janitor.' || @s, 0))", connection, transaction);
        hold.Parameters.AddWithValue("s", fixture.Schema);
        await hold.ExecuteNonQueryAsync();

        var report = await new EngineSteps(fixture.Store).JanitorRunAsync(default);

        Assert.Null(report);
    }
}
