using GeoOrchestration.Errors;
using GeoOrchestration.Store;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>
/// Turns what PostgreSQL and Npgsql throw into engine errors with a category and a plain sentence:
/// transient failures (after the store's retries) are "unavailable"; a missing database, a refused
/// login, a connection the client cannot set up as configured, a missing privilege and a missing
/// or outdated schema are "configuration", because retrying cannot help until someone changes the
/// setup. Any other server error is left alone: it is a bug.
/// </summary>
internal sealed class PostgresErrorMap(NpgsqlConnectionStringBuilder connection, SchemaName schema)
{
    private string Server => $"{connection.Host}:{connection.Port}";
    // Npgsql's own defaults when the connection string leaves them out.
    private string User => connection.Username ?? Environment.UserName;
    private string Database => connection.Database ?? User;

    public GeoException? Map(NpgsqlException exception)
    {
        // The password provider's own error (Entra ID: no token), which Npgsql wraps: it says what is wrong better.
        if (exception is not PostgresException && exception.InnerException is GeoException provider) return provider;
        if (exception.IsTransient)
            return new GeoStoreUnavailableException($"PostgreSQL is unavailable: {exception.Message}", exception);
        // Not from the server and not transient: the client could not set up the connection as asked
        // (SSL required but not offered, a password the server wants but none given, a bad certificate).
        if (exception is not PostgresException postgres)
            return new GeoConfigurationException(GeoConfigurationException.ConnectionFailedId,
                $"Could not connect to the PostgreSQL server at {Server} as configured: {exception.Message}", exception);
        return postgres.SqlState switch
        {
            PostgresErrorCodes.InvalidCatalogName => new GeoConfigurationException(GeoConfigurationException.DatabaseNotFoundId,
                $"Database '{Database}' does not exist on the PostgreSQL server at {Server}; create it or name another in the connection.",
                exception),
            // Class 28: unknown role, wrong password, a role that may not log in, no pg_hba.conf entry.
            _ when postgres.SqlState.StartsWith("28", StringComparison.Ordinal) => new GeoConfigurationException(
                GeoConfigurationException.LoginRefusedId,
                $"The PostgreSQL server at {Server} refused the login of user '{User}': {postgres.MessageText}.", exception),
            PostgresErrorCodes.InsufficientPrivilege => new GeoConfigurationException(GeoConfigurationException.PermissionDeniedId,
                $"User '{User}' lacks a privilege the engine needs in schema '{schema}': {postgres.MessageText}.", exception),
            PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName => new GeoConfigurationException(
                GeoConfigurationException.SchemaNotDeployedId,
                $"Schema '{schema}' is not deployed in database '{Database}' (check the schema name); nothing was created, and only a deploy creates one.", exception),
            PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction => new GeoConfigurationException(
                GeoConfigurationException.SchemaOutOfDateId,
                $"Schema '{schema}' does not match this version of the engine ({postgres.MessageText}); deploy this version's schema first.", exception),
            _ => null,
        };
    }
}
