using GeoOrchestration.Errors;

using GeoOrchestration.Hosting;

namespace GeoOrchestration.Hosting.Tests;

public sealed class StoreLocationParserTests
{
    private static PlatformEnvironment Linux(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: false, HomeFolder: "/home/from-passwd", LocalAppDataFolder: null);

    private static PlatformEnvironment Windows(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value, IsWindows: true, HomeFolder: @"C:\Users\ada", LocalAppDataFolder: @"C:\Users\ada\AppData\Local");

    [Fact]
    public void Resolve_XdgDataHomeSet_UsesIt()
    {
        Assert.Equal("/data/xdg/geoorchestration/geo.db", DefaultDataPath.Resolve(Linux(("XDG_DATA_HOME", "/data/xdg/"), ("HOME", "/home/ada"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/share")] // the XDG specification: relative paths are invalid and ignored
    public void Resolve_XdgDataHomeEmptyOrRelative_UsesHomeLocalShare(string xdg)
    {
        Assert.Equal("/home/ada/.local/share/geoorchestration/geo.db", DefaultDataPath.Resolve(Linux(("XDG_DATA_HOME", xdg), ("HOME", "/home/ada"))));
    }

    [Fact]
    public void Resolve_NoHomeVariable_UsesTheAccountsHomeFolder()
    {
        Assert.Equal("/home/from-passwd/.local/share/geoorchestration/geo.db", DefaultDataPath.Resolve(Linux()));
    }

    [Fact]
    public void Resolve_NoHomeAtAll_IsAConfigurationErrorNamingTheWayOut()
    {
        var error = Assert.Throws<GeoConfigurationException>(() =>
            DefaultDataPath.Resolve(new PlatformEnvironment(_ => null, IsWindows: false, HomeFolder: null, LocalAppDataFolder: null)));
        Assert.Contains("GEO_CONNECTION=sqlite:PATH", error.Message);
    }

    [Fact]
    public void Resolve_Windows_UsesLocalAppDataAndIgnoresXdg()
    {
        Assert.Equal(@"D:\Local\GeoOrchestration\geo.db",
            DefaultDataPath.Resolve(Windows(("LOCALAPPDATA", @"D:\Local"), ("XDG_DATA_HOME", "/xdg"))));
        Assert.Equal(@"C:\Users\ada\AppData\Local\GeoOrchestration\geo.db", DefaultDataPath.Resolve(Windows()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_NothingConfigured_IsTheDefaultFile(string? connection)
    {
        var location = StoreLocationParser.Parse(connection, Linux(("HOME", "/home/ada")));
        Assert.Equal(new SqliteLocation("/home/ada/.local/share/geoorchestration/geo.db", null, SqliteLocationSource.Default), location);
    }

    [Theory]
    [InlineData("sqlite:/data/geo.db", "/data/geo.db")]
    [InlineData("SQLite:/data/geo.db", "/data/geo.db")]
    [InlineData("sqlite:relative/geo.db", "relative/geo.db")]
    [InlineData("sqlite:/data/with space/geo.db", "/data/with space/geo.db")]
    [InlineData("sqlite:~/jobs/geo.db", "/home/ada/jobs/geo.db")]
    public void Parse_SqlitePrefix_IsThatFile(string connection, string path)
    {
        Assert.Equal(new SqliteLocation(path, null, SqliteLocationSource.Path), StoreLocationParser.Parse(connection, Linux(("HOME", "/home/ada"))));
    }

    [Theory]
    [InlineData("Data Source=/data/geo.db;Pooling=False")]
    [InlineData("DataSource=/data/geo.db")]
    [InlineData("filename=/data/geo.db")]
    public void Parse_SqliteConnectionString_IsSqliteWithTheStringKept(string connection)
    {
        Assert.Equal(new SqliteLocation("/data/geo.db", connection, SqliteLocationSource.ConnectionString),
            StoreLocationParser.Parse(connection, Linux()));
    }

    [Theory]
    [InlineData("Host=localhost;Username=geo;Database=geo")]
    [InlineData("Server=db.example;Port=5433;User ID=geo;Password=secret")]
    public void Parse_NpgsqlConnectionString_IsPostgresAndNeverPrintsIt(string connection)
    {
        var location = StoreLocationParser.Parse(connection, Linux());
        Assert.Equal(new PostgresLocation(connection), location);
        Assert.DoesNotContain("secret", location.ToString());
    }

    [Theory]
    [InlineData("sqlite:")]
    [InlineData("/data/geo.db")]
    [InlineData("geo.db")]
    [InlineData("Host=a;=b")]
    public void Parse_NoneOfTheForms_IsRefusedNamingConnection(string connection)
    {
        var error = Assert.Throws<GeoValidationException>(() => StoreLocationParser.Parse(connection, Linux()));
        Assert.Equal(("connection", "format"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public void Parse_BarePath_SuggestsTheSqlitePrefix()
    {
        var error = Assert.Throws<GeoValidationException>(() => StoreLocationParser.Parse("/data/geo.db", Linux()));
        Assert.Contains("sqlite:/data/geo.db", error.Message);
    }

    [Fact]
    public void Parse_Uri_IsRefusedWithoutEchoingItsPassword()
    {
        var error = Assert.Throws<GeoValidationException>(() => StoreLocationParser.Parse("postgresql://geo:hunter2@db/geo", Linux()));
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void ToOptions_ConnectionStringOrPath_BecomesTheMatchingOption()
    {
        Assert.Equal("/data/geo.db", new SqliteLocation("/data/geo.db", null, SqliteLocationSource.Path).ToOptions().Path);
        Assert.Equal("Data Source=/x.db", new SqliteLocation("/x.db", "Data Source=/x.db", SqliteLocationSource.ConnectionString).ToOptions().ConnectionString);
    }
}
