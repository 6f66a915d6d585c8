using GeoOrchestration.Hosting.EntraId;

namespace GeoOrchestration.IntegrationTests.EntraId;

/// <summary>
/// <c>geoorch --use-entra-id --credential managed-identity</c> as a real process: Azure.Identity's managed
/// identity credential gets its token from a local endpoint (<see cref="FakeIdentityEndpoint"/>) for the
/// PostgreSQL scope, and that token, the role's password on a server that checks passwords, logs it in.
/// </summary>
public sealed class CliEntraIdTests(PasswordCheckingServer server) : IClassFixture<PasswordCheckingServer>
{
    private async Task<(string Role, string Token)> RoleAsync()
    {
        var role = $"mi_{Guid.NewGuid():N}"[..20];
        var token = $"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.{Guid.NewGuid():N}.{Guid.NewGuid():N}";
        await server.CreateRoleAsync(role, token);
        return (role, token);
    }

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> a, params (string, string?)[] more)
    {
        var all = new Dictionary<string, string?>(a);
        foreach (var (k, v) in more) all[k] = v;
        return all;
    }

    [Fact]
    public async Task Geoorch_UseEntraIdWithManagedIdentity_LogsInAsTheRoleWithTheTokenForThePostgresResource()
    {
        var (role, token) = await RoleAsync();
        using var identity = new FakeIdentityEndpoint(token);
        var connection = server.ConnectionStringFor(role);

        var deploy = await Geoorch.RunAsync(["schema", "deploy", "--connection", connection, "--schema", role, "--use-entra-id", "--credential", "managed-identity"],
            identity.Environment);

        Assert.True(deploy.ExitCode == 0, deploy.Stderr);
        Assert.Equal(1, await server.ScalarAsync(
            "SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = @role AND r.rolname = @role", ("role", role)));
        Assert.NotEmpty(identity.Resources);
        Assert.All(identity.Resources, r => Assert.Equal("https://ossrdbms-aad.database.windows.net", r));
    }

    [Fact]
    public async Task Geoorch_WithoutUseEntraId_TheSameConnectionIsRefusedByTheServer()
    {
        var (role, token) = await RoleAsync();
        using var identity = new FakeIdentityEndpoint(token);

        var check = await Geoorch.RunAsync(["job", "list", "--connection", server.ConnectionStringFor(role), "--schema", role], identity.Environment);

        Assert.Equal(7, check.ExitCode);
        Assert.Empty(identity.Resources);
    }

    [Fact]
    public async Task Geoorch_NoTokenToBeHad_IsAConfigurationErrorNamingTheCredential_OnOneLine()
    {
        var (role, _) = await RoleAsync();

        var result = await Geoorch.RunAsync(["job", "list", "--connection", server.ConnectionStringFor(role), "--schema", role,
            "--use-entra-id", "--credential", "managed-identity", "--output", "json"], FakeIdentityEndpoint.Unreachable);

        Assert.Equal(7, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("geoorch: Entra ID: credential 'managed-identity (system-assigned)' could not get a token for PostgreSQL", line);
        Assert.Equal(PostgresEntraId.TokenUnavailableId, result.Json["error"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--credential", "msi", "'credential' must be one of default, managed-identity, workload-identity; got 'msi'.")]
    [InlineData("--managed-identity-client-id", "my-identity", "'managed_identity_client_id' must be a client id")]
    public async Task Geoorch_BadCredentialOption_IsInvalidInputNamingTheField(string option, string value, string message)
    {
        var result = await Geoorch.RunAsync(["job", "list", "--connection", "Host=127.0.0.1;Username=geo", "--use-entra-id", option, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task Geoorch_UseEntraIdWithAPasswordInTheConnection_IsInvalidInput_WithoutShowingThePassword()
    {
        var result = await Geoorch.RunAsync(["job", "list", "--connection", "Host=127.0.0.1;Username=geo;Password=pw-never-shown", "--use-entra-id", "-o", "json"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'connection' must not hold a password with Entra ID", result.Stderr);
        Assert.DoesNotContain("pw-never-shown", result.Stdout + result.Stderr);
    }
}
