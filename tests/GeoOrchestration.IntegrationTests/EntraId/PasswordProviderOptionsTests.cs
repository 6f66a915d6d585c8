using GeoOrchestration.Errors;
using GeoOrchestration.Postgres;

namespace GeoOrchestration.IntegrationTests.EntraId;

/// <summary>The store's per-connection password provider, as options: a password in the connection string beside it is refused.</summary>
public sealed class PasswordProviderOptionsTests
{
    [Fact]
    public void Store_PasswordProviderAndAPasswordInTheConnection_IsRefusedNamingTheField_WithoutShowingThePassword()
    {
        var e = Assert.Throws<GeoValidationException>(() => new PostgresStore(new PostgresStoreOptions
        {
            ConnectionString = "Host=127.0.0.1;Username=geo;Password=s3cret-in-the-string",
            PasswordProvider = _ => ValueTask.FromResult("token"),
        }));

        Assert.Equal(("connection", "password_provider"), (e.Errors[0].Field, e.Errors[0].Rule));
        Assert.DoesNotContain("s3cret-in-the-string", e.Message);
    }
}
