using GeoOrchestration.Errors;
using GeoOrchestration.Hosting.EntraId;

namespace GeoOrchestration.Hosting.Tests.EntraId;

/// <summary>A PostgreSQL connection that logs in with Entra ID tokens: what it accepts, and what it says about itself.</summary>
public sealed class GeoConnectionEntraIdTests
{
    private static readonly PlatformEnvironment Linux =
        new(_ => null, IsWindows: false, HomeFolder: "/home/ada", LocalAppDataFolder: null);

    private static readonly EntraIdOptions ManagedIdentity = new() { Credential = CredentialKind.ManagedIdentity };

    [Fact]
    public void WithEntraId_PostgresWithARole_UsesTheProcessCredential_AndSaysSo()
    {
        var connection = GeoConnection.Resolve("Host=geo.postgres.database.azure.com;Username=geo-workers;Database=geo", null, Linux)
            .WithEntraId(ManagedIdentity);

        Assert.True(connection.UsesEntraId);
        Assert.Same(ProcessCredential.For(ManagedIdentity), connection.Credential);
        Assert.Equal("postgresql://geo-workers@geo.postgres.database.azure.com:5432/geo, schema geo, Entra ID managed-identity (system-assigned)",
            connection.ToString());
    }

    [Fact]
    public void WithEntraId_IsKeptAsTheSessionDefaultAndWhenCreationIsAllowed()
    {
        var connection = GeoConnection.Resolve("Host=db;Username=geo", null, Linux).WithEntraId(ManagedIdentity);

        Assert.Equal(ManagedIdentity, connection.AsSessionDefault().EntraId);
        Assert.Same(connection.Credential, connection.AllowingCreation().Credential);
    }

    [Fact]
    public void WithEntraId_EmbeddedStore_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<GeoValidationException>(() =>
            GeoConnection.Resolve("sqlite:/srv/geo.db", null, Linux).WithEntraId(ManagedIdentity));

        Assert.Equal(("use_entra_id", "not_applicable"), (e.Errors[0].Field, e.Errors[0].Rule));
        Assert.Contains("applies to a PostgreSQL store only", e.Message);
    }

    [Fact]
    public void WithEntraId_PasswordInTheConnection_IsRefused_WithoutShowingIt_AndAMissingRoleToo()
    {
        var e = Assert.Throws<GeoValidationException>(() =>
            GeoConnection.Resolve("Host=db;Password=hunter2-secret", null, Linux).WithEntraId(ManagedIdentity));

        Assert.Equal([("connection", "no_password_with_entra_id"), ("connection", "username_with_entra_id")],
            e.Errors.Select(x => (x.Field, x.Rule)));
        Assert.DoesNotContain("hunter2-secret", e.Message);
    }

    [Fact]
    public void Resolve_WithoutEntraId_UsesNone()
    {
        var connection = GeoConnection.Resolve("Host=db;Username=geo;Password=pw", null, Linux);

        Assert.False(connection.UsesEntraId);
        Assert.Null(connection.Credential);
        Assert.DoesNotContain("Entra", connection.ToString());
    }
}
