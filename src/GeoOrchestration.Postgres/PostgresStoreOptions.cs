namespace GeoOrchestration.Postgres;

/// <summary>Where and how the PostgreSQL store connects.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=localhost;Username=geo;Database=geo</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The schema that holds the tables. Default <c>geo</c>.</summary>
    public string Schema { get; init; } = SchemaName.Default;

    /// <summary>Name reported to PostgreSQL (<c>application_name</c>) when the connection string sets none. Default <c>geoorch</c>.</summary>
    public string ApplicationName { get; init; } = "geoorch";

    /// <summary>
    /// Retries of a store operation that failed with a transient database error (connection lost,
    /// server restarting), with exponential backoff and jitter from 200 ms. Default 4; 0 disables.
    /// Every operation is one transaction and idempotent, so a retry after an unknown outcome is safe.
    /// </summary>
    public int TransientRetries { get; init; } = 4;

    /// <summary>
    /// The password of each new physical connection, asked for when the pool opens one (never for a
    /// connection taken from the pool): for Entra ID, a current access token from the process's
    /// credential, which caches tokens and renews them before they expire. Null (the default) uses the
    /// connection string's password, or the server's other means (trust, a pgpass file). The connection
    /// string must then hold no password. What it returns is a secret: never logged or shown.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? PasswordProvider { get; init; }
}
