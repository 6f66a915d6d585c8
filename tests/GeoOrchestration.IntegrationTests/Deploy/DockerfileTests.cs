using System.Text.Json;
using System.Text.RegularExpressions;
using static GeoOrchestration.IntegrationTests.Deploy.DeployFiles;

namespace GeoOrchestration.IntegrationTests.Deploy;

/// <summary>
/// What the worker images' Dockerfiles must say, read from the files (GeoOrchestration.ContainerTests
/// builds and runs the images): the base a build argument, Debian packages before the application
/// (so a code change rebuilds only the application's layers), the worker as PID 1 through an
/// exec-form entrypoint, SIGTERM, the non-root user, a health check that runs the real probe, and a
/// default shutdown grace that a plain <c>docker stop</c> waits for.
/// </summary>
public sealed class DockerfileTests
{
    [Theory]
    [InlineData("geoorch/Dockerfile")]
    [InlineData("powershell/Dockerfile")]
    public void Image_TakesItsBaseAsABuildArgument(string file)
    {
        var lines = Instructions(file);
        Assert.Matches(@"^ARG BASE_IMAGE=\S+$", lines[0]);
        Assert.Matches(@"^FROM \$\{BASE_IMAGE\}$", lines.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("geoorch/Dockerfile", "COPY app/")]
    [InlineData("powershell/Dockerfile", "COPY --from=module")]
    public void Image_InstallsGdalFromDebian_BeforeItCopiesTheApplication(string file, string applicationCopy)
    {
        var lines = Instructions(file);
        var final = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        var install = lines.FindIndex(final, l => l.StartsWith("RUN apt-get update", StringComparison.Ordinal) && l.Contains("gdal-bin"));
        var copy = lines.FindIndex(final, l => l.StartsWith(applicationCopy, StringComparison.Ordinal));
        Assert.True(install > final && copy > install, $"{file}: apt-get install gdal-bin (instruction {install}) must come before '{applicationCopy}' (instruction {copy})");
    }

    [Theory]
    [InlineData("geoorch/Dockerfile", "geoorch")]
    [InlineData("powershell/Dockerfile", "pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "Import-Module GeoOrchestration; Start-GeoWorker")]
    public void Image_RunsTheWorkerAsPid1_AsTheNonRootUser_StoppedBySigterm(string file, params string[] entrypoint)
    {
        var lines = Instructions(file);
        Assert.Equal(entrypoint, JsonArray(lines.Last(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..]));
        Assert.Equal("STOPSIGNAL SIGTERM", lines.Last(l => l.StartsWith("STOPSIGNAL ", StringComparison.Ordinal)));
        Assert.Equal("USER $APP_UID", lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.Contains("ENV APP_UID=1654", lines);
    }

    [Theory]
    [InlineData("geoorch/Dockerfile", "geoorch health")]
    [InlineData("powershell/Dockerfile", "Test-GeoWorkerHealth")]
    public void Image_HealthCheck_RunsTheProbe_InExecForm(string file, string probe)
    {
        var healthcheck = Instructions(file).Single(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var command = JsonArray(healthcheck[(healthcheck.IndexOf(" CMD ", StringComparison.Ordinal) + " CMD ".Length)..]);
        Assert.Contains(probe, string.Join(' ', command));
    }

    [Theory]
    [InlineData("geoorch/Dockerfile")]
    [InlineData("powershell/Dockerfile")]
    public void Image_DefaultShutdownGrace_FitsDockerStopsDefaultTimeout(string file)
    {
        var grace = Regex.Match(string.Join('\n', Instructions(file)), @"\bGEO_SHUTDOWN_GRACE=(\d+)\b");
        Assert.True(grace.Success, $"{file} sets no GEO_SHUTDOWN_GRACE: the worker's 30 s default outlasts docker stop's {DockerStopDefaultSeconds} s");
        Assert.True(int.Parse(grace.Groups[1].Value) + HandBackMarginSeconds <= DockerStopDefaultSeconds);
    }

    private static string[] JsonArray(string text) => JsonSerializer.Deserialize<string[]>(text.Trim())!;

    // The Dockerfile's instructions, one per entry: continuation lines joined, comments and blank lines left out.
    private static List<string> Instructions(string file)
    {
        var instructions = new List<string>();
        var current = "";
        foreach (var raw in File.ReadAllLines(PathOf(file)))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0) continue;
            var continued = line.EndsWith('\\');
            current += (current.Length > 0 ? " " : "") + (continued ? line[..^1].TrimEnd() : line);
            if (!continued) { instructions.Add(current); current = ""; }
        }
        return instructions;
    }
}
