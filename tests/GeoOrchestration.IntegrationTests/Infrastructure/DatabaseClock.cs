namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>The test database's own clock: the one that decides when work is due.</summary>
public static class DatabaseClock
{
    /// <summary>The database's time now (clock_timestamp(), not the time its transaction began).</summary>
    public static async Task<DateTimeOffset> NowAsync(SchemaFixture fixture)
    {
        await using var dataSource = fixture.Server.CreateDataSource();
        await using var command = dataSource.CreateCommand("SELECT clock_timestamp()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }
}
