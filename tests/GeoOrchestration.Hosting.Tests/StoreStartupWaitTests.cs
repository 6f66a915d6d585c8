using GeoOrchestration.Errors;
using GeoOrchestration.Hosting;

namespace GeoOrchestration.Hosting.Tests;

/// <summary>
/// What a worker's startup waits for and what it refuses at once (StoreStartupWait); the processes
/// against real stores are in IntegrationTests' WorkerStartupWaitTests.
/// </summary>
public sealed class StoreStartupWaitTests
{
    private static readonly GeoStoreUnavailableException Unavailable = new("PostgreSQL is unavailable: Failed to connect to 127.0.0.1:1");

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("0", 0)]
    [InlineData("2.5", 2.5)]
    [InlineData("00:05:00", 300)]
    [InlineData("1d", 86_400)]
    public void ParseLimit_TakesTheDurationForms(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), StoreStartupWait.ParseLimit(text, "startup_timeout"));

    [Theory]
    [InlineData("-1", "minimum")]
    [InlineData("-5s", "minimum")]
    [InlineData("2d", "maximum")]
    [InlineData("soon", "format")]
    public void ParseLimit_RefusesNamingTheFieldAndRule(string text, string rule)
    {
        var error = Assert.Throws<GeoValidationException>(() => StoreStartupWait.ParseLimit(text, "startup_timeout"));
        Assert.Equal(("startup_timeout", rule), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public void WorthWaitingFor_IsTransientOrADeployUnderWay_NeverALoginADatabaseOrANewerSchema()
    {
        Assert.True(StoreStartupWait.IsWorthWaitingFor(Unavailable));
        Assert.True(StoreStartupWait.IsWorthWaitingFor(new GeoConfigurationException(GeoConfigurationException.SchemaNotDeployedId, "x")));
        Assert.True(StoreStartupWait.IsWorthWaitingFor(new GeoConfigurationException(GeoConfigurationException.SchemaOutOfDateId, "x")));
        foreach (var id in new[]
        {
            GeoConfigurationException.LoginRefusedId, GeoConfigurationException.DatabaseNotFoundId, GeoConfigurationException.SchemaHistoryMismatchId,
            GeoConfigurationException.ConnectionFailedId, GeoConfigurationException.PermissionDeniedId, GeoConfigurationException.StoreBrokenId,
        })
            Assert.False(StoreStartupWait.IsWorthWaitingFor(new GeoConfigurationException(id, "x")), id);
        Assert.False(StoreStartupWait.IsWorthWaitingFor(new GeoValidationException("connection", "format", "x")));
    }

    [Fact]
    public async Task Run_StoreComesUp_SucceedsAfterLoggingEachFailedAttemptWithItsNextDelay()
    {
        var attempts = 0;
        var lines = new List<string>();
        await StoreStartupWait.RunAsync(_ => ++attempts < 3 ? throw Unavailable : Task.CompletedTask,
            "postgresql://geo@db:5432/geo, schema geo", TimeSpan.FromMinutes(5), lines.Add, CancellationToken.None);

        Assert.Equal(3, attempts);
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^Waiting for the store postgresql://geo@db:5432/geo, schema geo: attempt 1 failed, PostgreSQL is unavailable: Failed to connect to 127\.0\.0\.1:1; next attempt in [\d.]+ (s|ms)\.$", lines[0]);
        Assert.StartsWith("Waiting for the store postgresql://geo@db:5432/geo, schema geo: attempt 2 failed,", lines[1]);
    }

    [Fact]
    public async Task Run_LoginRefused_ThrowsAtOnceUnchanged()
    {
        var attempts = 0;
        var refused = new GeoConfigurationException(GeoConfigurationException.LoginRefusedId, "refused the login of user 'geo'");
        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => StoreStartupWait.RunAsync(_ => { attempts++; throw refused; },
            "store", TimeSpan.FromHours(1), _ => { }, CancellationToken.None));
        Assert.Same(refused, error);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Run_LimitZero_TriesOnceAndThrowsTheErrorUnchanged()
    {
        var attempts = 0;
        var error = await Assert.ThrowsAsync<GeoStoreUnavailableException>(() => StoreStartupWait.RunAsync(_ => { attempts++; throw Unavailable; },
            "store", TimeSpan.Zero, _ => { }, CancellationToken.None));
        Assert.Same(Unavailable, error);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Run_LimitRunsOut_ThrowsTheSameKindOfErrorNamingTheAttempts()
    {
        var attempts = 0;
        var error = await Assert.ThrowsAsync<GeoConfigurationException>(() => StoreStartupWait.RunAsync(
            _ => { attempts++; throw new GeoConfigurationException(GeoConfigurationException.SchemaNotDeployedId, "Schema 'geo' is not deployed."); },
            "store", TimeSpan.FromSeconds(1.5), _ => { }, CancellationToken.None));

        Assert.Equal(GeoConfigurationException.SchemaNotDeployedId, error.ErrorId);
        Assert.True(attempts >= 2, $"{attempts} attempt(s)");
        Assert.Matches($@"^Schema 'geo' is not deployed\. \(gave up after {attempts} attempts over .+; startup timeout 1\.5 s\)$", error.Message);
    }

    [Fact]
    public async Task Run_Cancelled_WhileWaiting_ThrowsOperationCanceled()
    {
        using var stop = new CancellationTokenSource();
        var attempts = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StoreStartupWait.RunAsync(_ =>
        {
            if (++attempts == 1) stop.Cancel();
            throw Unavailable;
        }, "store", TimeSpan.FromHours(1), _ => { }, stop.Token));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public void WaitingLine_MasksAPasswordInTheError()
    {
        var line = StoreStartupWait.Waiting("store", new GeoStoreUnavailableException("bad: Host=db;Password=hunter2;Username=geo"), 1, TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("hunter2", line);
    }

    [Fact]
    public void Backoff_GrowsFromOneSecondAndStaysWithinThirtySeconds()
    {
        Assert.InRange(StoreStartupWait.Backoff(0), TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2));
        Assert.InRange(StoreStartupWait.Backoff(3), TimeSpan.FromSeconds(6.4), TimeSpan.FromSeconds(9.6));
        Assert.InRange(StoreStartupWait.Backoff(40), TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(30));
    }
}
