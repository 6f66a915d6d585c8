using GeoOrchestration.Errors;
using GeoOrchestration.Hosting;
using GeoOrchestration.Hosting.EntraId;
using GeoOrchestration.Store;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.EntraId;

/// <summary>
/// PostgreSQL logins by Entra ID token, against a real server that checks passwords: the store opened by
/// Hosting's <see cref="GeoConnection.WithEntraId"/> asks the credential for a token on every new physical
/// connection and never on a pooled one, never reuses an expired token, and logs in as the role the
/// connection string names. The credential is a test's (<see cref="CountingTestCredential"/>) whose
/// current token is the role's password, so a stale token is refused by the server itself.
/// </summary>
public sealed class EntraIdPostgresTests(PasswordCheckingServer server) : IClassFixture<PasswordCheckingServer>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly EntraIdOptions Options = new() { Credential = CredentialKind.ManagedIdentity };

    private sealed record Setup(string Role, CountingTestCredential Credential, FakeTimeProvider Time, IGeoStore Store) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Store.DisposeAsync();
    }

    private async Task<Setup> CreateAsync()
    {
        var role = $"entra_{Guid.NewGuid():N}"[..24];
        await server.CreateRoleAsync(role);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-07T12:00:00Z"));
        var credential = new CountingTestCredential(server, role, time, Lifetime);
        await credential.StartAsync();
        var connection = GeoConnection.Resolve(server.ConnectionStringFor(role), role).WithEntraId(Options, credential);
        var store = connection.OpenStore();
        return new Setup(role, credential, time, store);
    }

    /// <summary>Holds one pooled connection (a transaction that waits) until released, so the next operation needs another physical one.</summary>
    private static async Task<(Task Done, TaskCompletionSource Release)> HoldAsync(IGeoStore store)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = store.ExecuteAsync(async (_, _) =>
        {
            entered.SetResult();
            await release.Task;
            return 0;
        }, CancellationToken.None);
        await Task.WhenAny(entered.Task, done);
        if (done.IsFaulted) await done;
        return (done, release);
    }

    private Task<long> BackendsOfAsync(string role) =>
        server.ScalarAsync("SELECT count(*) FROM pg_stat_activity WHERE usename = @role", ("role", role));

    [Fact]
    public async Task Store_NewPhysicalConnection_AsksTheCredentialForTheScope_PooledConnectionDoesNot()
    {
        await using var setup = await CreateAsync();
        var store = setup.Store;

        await store.SchemaDeployAsync(new SchemaDeployParams(false), CancellationToken.None);
        Assert.Equal(1, setup.Credential.Calls);
        Assert.Equal([PostgresEntraId.Scope], setup.Credential.LastScopes);

        // The same physical connection, back from the pool each time: no new token is asked for.
        for (var i = 0; i < 5; i++) await store.SchemaCheckAsync(CancellationToken.None);
        Assert.Equal(1, setup.Credential.Calls);
        Assert.Equal(1, await BackendsOfAsync(setup.Role));

        // While that one is busy, the next operation needs a second physical connection: it asks again.
        var (done, release) = await HoldAsync(store);
        await store.SchemaCheckAsync(CancellationToken.None);
        release.SetResult();
        await done;
        Assert.Equal(2, setup.Credential.Calls);
        Assert.Equal(2, await BackendsOfAsync(setup.Role));
        // Azure.Identity's cache (the test credential's) served the same, still valid token both times.
        Assert.Single(setup.Credential.Issued);
    }

    [Fact]
    public async Task Store_TokenExpired_NextPhysicalConnectionGetsTheNewTokenAndSucceeds_TheOldOneIsRefused()
    {
        await using var setup = await CreateAsync();
        var store = setup.Store;
        await store.SchemaDeployAsync(new SchemaDeployParams(false), CancellationToken.None);
        var first = Assert.Single(setup.Credential.Issued);

        await setup.Credential.ExpireAsync();
        // A pooled connection authenticated at start-up and keeps working with no new token.
        await store.SchemaCheckAsync(CancellationToken.None);
        Assert.Equal(1, setup.Credential.Calls);

        // A new physical connection gets the new token: the old one is no longer the role's password.
        var (done, release) = await HoldAsync(store);
        await store.SchemaCheckAsync(CancellationToken.None);
        release.SetResult();
        await done;
        Assert.Equal(2, setup.Credential.Calls);
        Assert.Equal(2, setup.Credential.Issued.Count);
        Assert.NotEqual(first, setup.Credential.Issued[1]);
        Assert.Equal(2, await BackendsOfAsync(setup.Role));

        // With the expired token the server refuses the login: reusing it could not have succeeded.
        await using var stale = new NpgsqlConnection(server.ConnectionStringFor(setup.Role, first));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => stale.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task Store_LogsInAsTheRoleTheConnectionNames_WithNoPasswordInTheConnectionString()
    {
        await using var setup = await CreateAsync();
        await setup.Store.SchemaDeployAsync(new SchemaDeployParams(false), CancellationToken.None);

        Assert.Equal(1, await server.ScalarAsync(
            "SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = @schema AND r.rolname = @role",
            ("schema", setup.Role), ("role", setup.Role)));
        Assert.Equal(1, await BackendsOfAsync(setup.Role));
        Assert.DoesNotContain("password", server.ConnectionStringFor(setup.Role), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Server_RoleWithoutItsToken_IsRefused_TheTestServerChecksPasswords()
    {
        var role = $"entra_{Guid.NewGuid():N}"[..24];
        await server.CreateRoleAsync(role, password: "the-current-token");
        var store = GeoConnection.Resolve(server.ConnectionStringFor(role), role).OpenStore();
        await using (store)
        {
            var e = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaCheckAsync(CancellationToken.None));
            Assert.Equal(GeoConfigurationException.ConnectionFailedId, e.ErrorId);
        }
        await using var wrong = new NpgsqlConnection(server.ConnectionStringFor(role, "another-token"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await Assert.ThrowsAsync<PostgresException>(() => wrong.OpenAsync())).SqlState);
    }

    [Fact]
    public async Task Store_CredentialCannotGetAToken_IsAConfigurationErrorNamingTheCredential()
    {
        var role = $"entra_{Guid.NewGuid():N}"[..24];
        await server.CreateRoleAsync(role);
        var connection = GeoConnection.Resolve(server.ConnectionStringFor(role), role).WithEntraId(Options, new FailingCredential());
        await using var store = connection.OpenStore();

        var e = await Assert.ThrowsAsync<GeoConfigurationException>(() => store.SchemaCheckAsync(CancellationToken.None));

        Assert.Equal(PostgresEntraId.TokenUnavailableId, e.ErrorId);
        Assert.Contains("managed-identity (system-assigned)", e.Message);
        Assert.Contains("no identity here", e.Message);
    }

    private sealed class FailingCredential : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.CredentialUnavailableException("no identity here");

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new Azure.Identity.CredentialUnavailableException("no identity here");
    }
}
