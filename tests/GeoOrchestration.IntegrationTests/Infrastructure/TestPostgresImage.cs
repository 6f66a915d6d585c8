namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// The image the Testcontainers path runs: <c>GEO_TEST_PG_IMAGE</c>, by default the locally built
/// <c>geoorchestration/postgres:15</c> (deploy/postgres; no registry serves images here). A
/// developer elsewhere sets <c>GEO_TEST_PG_IMAGE=postgres:15</c> and Testcontainers pulls it.
/// </summary>
internal static class TestPostgresImage
{
    public const string Variable = "GEO_TEST_PG_IMAGE";
    public const string Default = "geoorchestration/postgres:15";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    public static string Name =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named ? named.Trim() : Default;

    /// <summary>
    /// Makes sure <paramref name="image"/> can run: the local default is built when missing
    /// (<c>deploy/build-images.sh postgres</c>: the Debian base when missing, then deploy/postgres), once, under a lock that
    /// other test processes starting at the same time wait on, so one builds and the rest find it
    /// built. Any other image is left to Testcontainers (pulled when missing).
    /// </summary>
    /// <exception cref="InvalidOperationException">The build failed or took longer than 15 minutes; the message ends with its output.</exception>
    public static void EnsureAvailable(string image)
    {
        if (image != Default || DockerCli.ImageExists(image)) return;
        using var buildLock = CrossProcessLock.Acquire(Path.Combine(Path.GetTempPath(), "geoorch-test-pg-image.lock"), BuildTimeout + TimeSpan.FromMinutes(1));
        if (DockerCli.ImageExists(image)) return; // another test process built it while this one waited
        var root = RepositoryRoot();
        // The same build as a developer's (base made when missing, then deploy/postgres), so the two cannot drift.
        var built = ProgramRun.Run("bash", [Path.Combine(root, "deploy", "build-images.sh"), "postgres"], BuildTimeout, root);
        if (built.ExitCode != 0)
            throw new InvalidOperationException($"Could not build {image} (bash deploy/build-images.sh postgres, exit {built.ExitCode}); its output ends: {Tail(built.Output)}");
    }

    /// <summary>The checkout the tests were built from: the first parent of the test assembly's folder holding deploy/postgres/Dockerfile.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "deploy", "postgres", "Dockerfile"))) return directory.FullName;
        throw new InvalidOperationException(
            $"{Default} is missing and deploy/postgres/Dockerfile was not found above {AppContext.BaseDirectory} to build it: " +
            $"build it (bash deploy/build-images.sh postgres) or set {Variable} to an image the engine has or can pull.");
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
