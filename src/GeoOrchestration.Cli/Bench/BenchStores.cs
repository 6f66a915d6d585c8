using GeoOrchestration.Hosting;

namespace GeoOrchestration.Cli.Bench;

/// <summary>The benchmark's own store, of the kind the resolved connection names.</summary>
internal static class BenchStores
{
    public static IBenchStore Create(GeoConnection connection, BenchSettings settings) => connection.Location switch
    {
        PostgresLocation postgres => new PostgresBenchStore(postgres.ConnectionString),
        SqliteLocation sqlite => new SqliteBenchStore(sqlite.Path, BenchRunner.UsesProcesses(settings)),
        _ => throw new InvalidOperationException($"No benchmark for store location {connection.Location.GetType().Name}."),
    };
}
