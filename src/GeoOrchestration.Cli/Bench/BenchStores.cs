using GeoOrchestration.Hosting;

namespace GeoOrchestration.Cli.Bench;

/// <summary>The benchmark's own store, of the kind the resolved connection names.</summary>
internal static class BenchStores
{
    /// <param name="schemaSuffix">PostgreSQL: appended to the schema's name (one store per transport measured).</param>
    public static IBenchStore Create(GeoConnection connection, BenchSettings settings, string schemaSuffix = "") => connection.Location switch
    {
        PostgresLocation postgres => new PostgresBenchStore(postgres.ConnectionString, schemaSuffix),
        SqliteLocation sqlite => new SqliteBenchStore(sqlite.Path, BenchRunner.UsesProcesses(settings)),
        _ => throw new InvalidOperationException($"No benchmark for store location {connection.Location.GetType().Name}."),
    };
}
