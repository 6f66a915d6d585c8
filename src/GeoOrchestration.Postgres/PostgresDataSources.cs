using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>
/// Builds the store's data sources, with the per-connection password provider when one is given
/// (<see cref="PostgresStoreOptions.PasswordProvider"/>).
/// </summary>
internal static class PostgresDataSources
{
    public static NpgsqlDataSource Build(NpgsqlConnectionStringBuilder connection, Func<CancellationToken, ValueTask<string>>? passwordProvider)
    {
        if (passwordProvider is null) return NpgsqlDataSource.Create(connection);
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        // Npgsql asks on every new physical connection (the sync one for Open, the async one for
        // OpenAsync); a pooled connection authenticated once and is not asked again. Nothing is kept
        // here: the provider's own cache (Azure.Identity's) decides when a token is renewed, so an
        // expired token is never handed to a new connection. The periodic provider is avoided on
        // purpose: it caches a result on a timer and can hand out an expired token (npgsql #5186).
        builder.UsePasswordProvider(
            _ => passwordProvider(CancellationToken.None).AsTask().GetAwaiter().GetResult(),
            (_, cancellationToken) => passwordProvider(cancellationToken));
        return builder.Build();
    }
}
