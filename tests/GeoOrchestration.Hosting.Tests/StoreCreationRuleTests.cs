namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// A typo must not create a store: which connections may create their store is Hosting's decision
/// (only the embedded default, or a connection the front end marks as creating). What the SQLite store
/// then does with a file it may not create is pinned in Sqlite.Tests' StoreCreationTests.
/// </summary>
public sealed class StoreCreationRuleTests
{
    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    [Fact]
    public void Resolve_OnlyTheDefaultCreatesTheStore()
    {
        Assert.True(GeoConnection.Resolve(null, null, Linux(("XDG_DATA_HOME", "/data/xdg"))).CreatesStore);
        Assert.False(GeoConnection.Resolve("sqlite:/srv/geo.db", null, Linux()).CreatesStore);
        Assert.False(GeoConnection.Resolve(null, null, Linux((GeoConnection.ConnectionVariable, "sqlite:/srv/geo.db"))).CreatesStore);
        Assert.False(GeoConnection.Resolve("Host=db;Username=geo", null, Linux()).CreatesStore);
        Assert.True(GeoConnection.Resolve("sqlite:/srv/geo.db", null, Linux()).AllowingCreation().CreatesStore);
    }
}
