namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>A PostgreSQL server the tests started and own: they may restart it, and they remove it.</summary>
internal interface IOwnedPostgres
{
    string ConnectionString { get; }

    /// <summary>Where it runs, for the fixture's one line (e.g. "installed binaries /usr/lib/postgresql/15/bin, 127.0.0.1:41234").</summary>
    string Description { get; }

    /// <summary>Restarts the server (fast shutdown, then start), dropping every connection; the connection string stays valid.</summary>
    void Restart();

    /// <summary>Stops and removes it. Synchronous: it also runs at process exit.</summary>
    void Remove();
}
