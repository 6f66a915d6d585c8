using GeoOrchestration.Errors;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite.Tests;

public sealed class SqliteStoreOptionsTests
{
    private static GeoValidationException Refused(SqliteStoreOptions options) =>
        Assert.Throws<GeoValidationException>(() => SqliteSettings.From(options));

    [Fact]
    public void From_NeitherPathNorConnection_IsRefusedNamingPath()
    {
        var error = Refused(new SqliteStoreOptions());
        Assert.Equal(("path", "required"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public void From_PathAndConnection_IsRefusedAsExclusive()
    {
        var error = Refused(new SqliteStoreOptions { Path = "/tmp/a.db", ConnectionString = "Data Source=/tmp/b.db" });
        Assert.Equal(("path", "exclusive"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    [InlineData(3_600_001)]
    public void From_BusyTimeoutOutOfRange_IsRefusedNamingTheField(int milliseconds)
    {
        var error = Refused(new SqliteStoreOptions { Path = "/tmp/a.db", BusyTimeout = TimeSpan.FromMilliseconds(milliseconds) });
        Assert.Equal(("busy_timeout", "range"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void From_TransientRetriesOutOfRange_IsRefusedNamingTheField(int retries)
    {
        var error = Refused(new SqliteStoreOptions { Path = "/tmp/a.db", TransientRetries = retries });
        Assert.Equal(("transient_retries", "range"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Theory]
    [InlineData(0)] // OFF: not offered, an acknowledged completion could be lost
    [InlineData(7)]
    public void From_UndefinedSynchronousMode_IsRefusedNamingTheField(int mode)
    {
        var error = Refused(new SqliteStoreOptions { Path = "/tmp/a.db", Synchronous = (SqliteSynchronous)mode });
        Assert.Equal(("synchronous", "value"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Theory]
    [InlineData(":memory:", null)]
    [InlineData(null, "Data Source=:memory:")]
    [InlineData(null, "Data Source=/tmp/x.db;Mode=Memory")]
    [InlineData(null, "Mode=ReadWriteCreate")]
    [InlineData(null, "Data Source=file:/tmp/x.db")]
    public void From_NoFileToShare_IsRefused(string? path, string? connection)
    {
        var error = Refused(new SqliteStoreOptions { Path = path, ConnectionString = connection });
        Assert.Equal("file", error.Errors[0].Rule);
        Assert.Equal(path is null ? "connection" : "path", error.Errors[0].Field);
    }

    [Fact]
    public void From_ReadOnlyMode_IsRefused()
    {
        var error = Refused(new SqliteStoreOptions { ConnectionString = "Data Source=/tmp/x.db;Mode=ReadOnly" });
        Assert.Equal(("connection", "mode"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public void From_MalformedConnectionString_IsRefusedWithoutEchoingIt()
    {
        var error = Refused(new SqliteStoreOptions { ConnectionString = "Data Source=/tmp/x.db;Password=hunter2;Bogus Key=1" });
        Assert.Equal(("connection", "format"), (error.Errors[0].Field, error.Errors[0].Rule));
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void From_SeveralProblems_ReportsEveryOneAtOnce()
    {
        var error = Refused(new SqliteStoreOptions { BusyTimeout = TimeSpan.Zero, TransientRetries = -1 });
        Assert.Equal(["path", "busy_timeout", "transient_retries"], error.Errors.Select(e => e.Field));
    }

    [Fact]
    public void From_RelativePath_IsMadeAbsoluteFromTheCurrentFolder()
    {
        var settings = SqliteSettings.From(new SqliteStoreOptions { Path = "data/geo.db" });
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "data", "geo.db"), settings.FullPath);
        Assert.Equal(settings.FullPath, new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource);
    }

    [Theory]
    [InlineData(1, 1)]       // the driver counts whole seconds and 0 would mean "forever"
    [InlineData(5000, 5)]
    [InlineData(5001, 6)]
    public void From_BusyTimeout_SetsTheDriversRetryTimeoutInWholeSecondsRoundedUp(int milliseconds, int seconds)
    {
        var settings = SqliteSettings.From(new SqliteStoreOptions { Path = "/tmp/a.db", BusyTimeout = TimeSpan.FromMilliseconds(milliseconds) });
        Assert.Equal(seconds, new SqliteConnectionStringBuilder(settings.ConnectionString).DefaultTimeout);
    }

    [Fact]
    public void From_Defaults_AreFiveSecondsFullSynchronousAndTwoRetries()
    {
        var settings = SqliteSettings.From(new SqliteStoreOptions { Path = "/tmp/a.db" });
        Assert.Equal((TimeSpan.FromSeconds(5), SqliteSynchronous.Full, 2, false),
            (settings.BusyTimeout, settings.Synchronous, settings.TransientRetries, settings.AllowNetworkFileSystem));
        Assert.Equal(SqliteOpenMode.ReadWriteCreate, new SqliteConnectionStringBuilder(settings.ConnectionString).Mode);
        Assert.Equal(SqliteOpenMode.ReadOnly, new SqliteConnectionStringBuilder(settings.ReadOnlyConnectionString).Mode);
    }
}
