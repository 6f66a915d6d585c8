namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>Where the tests' PostgreSQL comes from.</summary>
public enum PostgresPath
{
    /// <summary>The server named by <c>GEO_TEST_PG</c> (not the tests' own: it is never restarted).</summary>
    Given,

    /// <summary>A throwaway container (Testcontainers.PostgreSql) from <c>GEO_TEST_PG_IMAGE</c>.</summary>
    Testcontainers,

    /// <summary>A throwaway cluster from the installed server binaries (initdb, pg_ctl).</summary>
    Binaries,
}

/// <summary>
/// What the choice of <see cref="PostgresPath"/> depends on, read from the environment once. The
/// engine and installation facts are functions, asked only when the choice needs them (probing the
/// engine runs the docker CLI).
/// </summary>
/// <param name="Connection"><c>GEO_TEST_PG</c>: a connection string, or null/empty.</param>
/// <param name="Mode"><c>GEO_TEST_PG_MODE</c>: auto (or unset), given, testcontainers or binaries.</param>
/// <param name="Ci"><c>CI</c> is true (CI=true makes an expected engine that does not answer a failure).</param>
/// <param name="EngineAnswers">A Docker engine answers (<c>docker version</c> reaches its server).</param>
/// <param name="DockerInstalled">Docker is installed here (docker or dockerd on PATH), answering or not.</param>
public sealed record PostgresEnvironment(string? Connection, string? Mode, bool Ci, Func<bool> EngineAnswers, Func<bool> DockerInstalled)
{
    public const string ConnectionVariable = "GEO_TEST_PG";
    public const string ModeVariable = "GEO_TEST_PG_MODE";

    /// <summary>The environment of this process; the engine is probed at most once.</summary>
    public static PostgresEnvironment Current()
    {
        var answers = new Lazy<bool>(DockerCli.EngineAnswers);
        return new PostgresEnvironment(
            Environment.GetEnvironmentVariable(ConnectionVariable),
            Environment.GetEnvironmentVariable(ModeVariable),
            string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
            () => answers.Value,
            DockerCli.IsInstalled);
    }
}

/// <summary>
/// Chooses the tests' PostgreSQL. Explicit settings win: <c>GEO_TEST_PG_MODE</c> forces a path and
/// fails when that path cannot be had; without it <c>GEO_TEST_PG</c> wins (as it always did), then a
/// Docker engine that answers (Testcontainers), then the installed binaries. Under <c>CI=true</c>, an
/// installed Docker whose engine does not answer is a failure, not a fall back: CI installs docker.io
/// and build.ps1 starts the engine so that the container path runs, and a broken engine must show as
/// a red run rather than as a green run on the other path. Pure: the facts come in <see cref="PostgresEnvironment"/>.
/// </summary>
public static class PostgresPathChooser
{
    /// <summary>The path for a server the tests share (<see cref="PostgresServer.Instance"/>).</summary>
    /// <exception cref="InvalidOperationException">The mode is unknown or contradicts GEO_TEST_PG, or the forced/expected engine does not answer.</exception>
    public static PostgresPath ChooseShared(PostgresEnvironment environment) => Choose(environment, ownServer: false);

    /// <summary>
    /// The path for a server of a test's own (<see cref="PostgresServer.StartPrivate"/>): the same
    /// choice, except that <c>GEO_TEST_PG</c> cannot give one (the tests may not restart a server
    /// they do not own), so its presence leaves the choice to the engine and the binaries.
    /// </summary>
    /// <exception cref="InvalidOperationException">As for <see cref="ChooseShared"/>; also for mode given, which names no server of the test's own.</exception>
    public static PostgresPath ChoosePrivate(PostgresEnvironment environment) => Choose(environment, ownServer: true);

    private static PostgresPath Choose(PostgresEnvironment environment, bool ownServer)
    {
        var given = !string.IsNullOrWhiteSpace(environment.Connection);
        var mode = string.IsNullOrWhiteSpace(environment.Mode) ? "auto" : environment.Mode.Trim().ToLowerInvariant();
        switch (mode)
        {
            case "auto":
                if (given && !ownServer) return PostgresPath.Given;
                if (environment.EngineAnswers()) return PostgresPath.Testcontainers;
                if (environment.Ci && environment.DockerInstalled())
                    throw new InvalidOperationException(
                        "CI=true and Docker is installed, but no Docker engine answers (docker version reaches no server), so the tests' PostgreSQL " +
                        "would silently leave the Testcontainers path CI is meant to run. Start the engine (bash tools/docker-engine.sh start; " +
                        $"build.ps1 -Task Test does), or choose the installed server binaries on purpose with {PostgresEnvironment.ModeVariable}=binaries.");
                return PostgresPath.Binaries;
            case "given":
                if (ownServer)
                    throw new InvalidOperationException(
                        $"This test needs a PostgreSQL server of its own (it restarts or reconfigures it), which {PostgresEnvironment.ModeVariable}=given " +
                        $"({PostgresEnvironment.ConnectionVariable}) cannot give: set {PostgresEnvironment.ModeVariable} to auto, testcontainers or binaries.");
                if (!given)
                    throw new InvalidOperationException($"{PostgresEnvironment.ModeVariable}=given needs {PostgresEnvironment.ConnectionVariable} set to a connection string.");
                return PostgresPath.Given;
            case "testcontainers":
                RefuseGiven(given, mode, ownServer);
                if (!environment.EngineAnswers())
                    throw new InvalidOperationException(
                        $"{PostgresEnvironment.ModeVariable}=testcontainers, but no Docker engine answers (docker version reaches no server): " +
                        "start one (bash tools/docker-engine.sh start), or unset the variable to let the tests use the installed server binaries.");
                return PostgresPath.Testcontainers;
            case "binaries":
                RefuseGiven(given, mode, ownServer);
                return PostgresPath.Binaries;
            default:
                throw new InvalidOperationException(
                    $"{PostgresEnvironment.ModeVariable}='{environment.Mode}' is not a mode: use auto (the default), given, testcontainers or binaries.");
        }
    }

    // A forced path beside GEO_TEST_PG is a contradiction only for the shared server: a private one never used GEO_TEST_PG.
    private static void RefuseGiven(bool given, string mode, bool ownServer)
    {
        if (given && !ownServer)
            throw new InvalidOperationException(
                $"{PostgresEnvironment.ModeVariable}={mode} and {PostgresEnvironment.ConnectionVariable} are both set, and they name different servers: unset one of them.");
    }
}
