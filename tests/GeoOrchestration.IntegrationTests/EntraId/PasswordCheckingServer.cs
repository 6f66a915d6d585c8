using GeoOrchestration.IntegrationTests.Infrastructure;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.EntraId;

/// <summary>
/// A PostgreSQL cluster of its own that checks passwords (SCRAM) for every login over TCP but the
/// administrator's, so a wrong or stale token is refused by the real server: the shared test cluster
/// trusts every login. Its roles are made with <see cref="CreateRoleAsync"/>.
/// </summary>
public sealed class PasswordCheckingServer : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("Not started.");

    /// <summary>The administrator's connection (trusted, no password).</summary>
    public string AdminConnectionString => Server.ConnectionString;

    public NpgsqlDataSource Admin { get; private set; } = null!;

    /// <summary>A connection string for <paramref name="role"/> with no password, pooled as the store pools.</summary>
    public string ConnectionStringFor(string role, string? password = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Username = role, Password = password };
        return builder.ConnectionString;
    }

    /// <summary>A login role (no password yet: it cannot log in until one is set) owning schema <paramref name="role"/>.</summary>
    public async Task CreateRoleAsync(string role, string? password = null)
    {
        await ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN");
        if (password is not null) await SetPasswordAsync(role, password);
        await ExecuteAsync($"GRANT CREATE ON DATABASE postgres TO \"{role}\"");
    }

    /// <summary>Sets the role's password (ALTER ROLE takes no parameters: the value is quoted by the server's quote_literal).</summary>
    public async Task SetPasswordAsync(string role, string password)
    {
        await using var quote = Admin.CreateCommand("SELECT format('ALTER ROLE %I PASSWORD %L', @role, @password)");
        quote.Parameters.AddWithValue("role", role);
        quote.Parameters.AddWithValue("password", password);
        await ExecuteAsync((string)(await quote.ExecuteScalarAsync())!);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = Admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Admin.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task InitializeAsync()
    {
        _server = PostgresServer.StartPrivate();
        Admin = NpgsqlDataSource.Create(AdminConnectionString);
        await using var command = Admin.CreateCommand("SHOW hba_file");
        var hba = (string)(await command.ExecuteScalarAsync())!;
        // First match wins: the administrator stays trusted, every other TCP login needs its password.
        // Any client address: TCP reaches the server only through 127.0.0.1 (the binaries' listen address,
        // or the container's port published there), and a container sees its clients come from the bridge.
        string[] rules = ["local all all trust", "host all postgres all trust", "host all all all scram-sha-256"];
        // Written by the server (COPY TO, as the superuser): on the Testcontainers path the file is inside the container.
        await using var copy = Admin.CreateCommand(
            "SELECT format('COPY (SELECT rule FROM unnest(%L::text[]) WITH ORDINALITY AS r(rule, n) ORDER BY n) TO %L', @rules, @hba)");
        copy.Parameters.AddWithValue("rules", rules);
        copy.Parameters.AddWithValue("hba", hba);
        await ExecuteAsync((string)(await copy.ExecuteScalarAsync())!);
        await using var reload = Admin.CreateCommand("SELECT pg_reload_conf()");
        await reload.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        await Admin.DisposeAsync();
        _server?.Dispose();
    }
}
