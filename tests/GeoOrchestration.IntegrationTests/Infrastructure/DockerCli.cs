namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>
/// The docker command line, for what the fixture does outside Testcontainers: probing the engine,
/// looking for and building the local image, and removing containers synchronously (at process
/// exit, where async clean-up cannot be awaited). The same CLI tools/docker-engine.sh uses, so the
/// tests and the build agree on whether an engine answers.
/// </summary>
internal static class DockerCli
{
    /// <summary>True when the docker CLI reaches an engine (its server version answers within 20 s).</summary>
    public static bool EngineAnswers()
    {
        try
        {
            return Run(["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20)).ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false; // no docker CLI at all
        }
    }

    /// <summary>
    /// Makes Testcontainers speak an API version the engine knows. Testcontainers 4 asks for API
    /// 1.44 unless DOCKER_API_VERSION says otherwise, and Debian bookworm's engine (20.10) answers
    /// at most 1.41 ("client version 1.44 is too new"); newer engines refuse versions below their
    /// minimum, so the variable is set to the engine's own version, and only when it is older than
    /// 1.44 and the variable is unset. Must run before Testcontainers' settings are first read
    /// (they read the variable once).
    /// </summary>
    public static void MatchApiVersion()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 }) return;
        var answer = Run(["version", "--format", "{{.Server.APIVersion}}"], TimeSpan.FromSeconds(20));
        if (answer.ExitCode == 0 && Version.TryParse(answer.Output.Trim(), out var server) && server < new Version(1, 44))
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", server.ToString());
    }

    /// <summary>True when docker or dockerd is on PATH (installed, whether or not an engine runs).</summary>
    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, "docker")) || File.Exists(Path.Combine(d, "dockerd")));

    public static bool ImageExists(string image) => Run(["image", "inspect", "--format", "{{.Id}}", image], TimeSpan.FromSeconds(30)).ExitCode == 0;

    /// <summary>Removes a container and its anonymous volumes, running or not; a missing one is no error.</summary>
    public static void RemoveContainer(string id) => Run(["rm", "--force", "--volumes", id], TimeSpan.FromSeconds(60));

    /// <summary>Runs docker with <paramref name="arguments"/>; the output is stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(string[] arguments, TimeSpan timeout) => ProgramRun.Run("docker", arguments, timeout);
}
