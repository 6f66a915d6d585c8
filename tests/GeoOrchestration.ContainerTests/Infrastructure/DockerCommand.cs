namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// The <c>docker</c> command line, run as a process: what a developer or CI types, against whichever
/// engine <c>DOCKER_HOST</c> (else /var/run/docker.sock) names. No SDK: the tests check what the
/// engine does with the images, and the CLI is the engine's most common client.
/// </summary>
public static class DockerCommand
{
    /// <summary>Runs <c>docker ARGS</c>; never throws for a non-zero exit (see <see cref="CheckedAsync"/>).</summary>
    public static Task<ProcessRun.Result> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        ProcessRun.RunAsync("docker", arguments, timeout ?? TimeSpan.FromMinutes(2));

    /// <summary>Runs <c>docker ARGS</c> and returns its stdout trimmed; a non-zero exit throws with what docker said.</summary>
    public static async Task<string> CheckedAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var list = arguments.ToList();
        var result = await RunAsync(list, timeout);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"docker {string.Join(' ', list)} failed ({result.ExitCode}): {result.Output}");
        return result.Stdout.Trim();
    }

    /// <summary>The synchronous form, for the process-exit clean-up (no async work runs there).</summary>
    public static ProcessRun.Result Run(IEnumerable<string> arguments, TimeSpan timeout) =>
        ProcessRun.RunAsync("docker", arguments, timeout).GetAwaiter().GetResult();
}
