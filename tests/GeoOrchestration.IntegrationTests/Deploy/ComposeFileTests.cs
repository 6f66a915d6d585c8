using System.Diagnostics;
using YamlDotNet.RepresentationModel;
using static GeoOrchestration.IntegrationTests.Deploy.DeployFiles;

namespace GeoOrchestration.IntegrationTests.Deploy;

/// <summary>
/// deploy/compose/compose.yaml as docker-compose reads it (<c>docker-compose config</c>, Debian's 1.29.2,
/// which .ci/run installs): valid; PostgreSQL with a health check; a one-shot schema deploy the workers
/// wait for; N workers configured by environment whose stop period covers their shutdown grace.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly Lazy<YamlMappingNode> Config = new(ResolvedConfig);

    [Fact]
    public void Compose_IsAcceptedByDockerCompose()
    {
        var services = Map(Config.Value, "services").Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order();
        Assert.Equal(["postgres", "pwsh-worker", "schema", "worker"], services);
    }

    [Fact]
    public void Postgres_HasAHealthCheck_TheOthersWaitFor()
    {
        Assert.Contains("pg_isready", Strings(Config.Value, "services.postgres.healthcheck.test"));
        foreach (var service in new[] { "schema", "worker", "pwsh-worker" })
            Assert.Equal("service_healthy", Text(Config.Value, $"services.{service}.depends_on.postgres.condition"));
    }

    [Fact]
    public void Schema_IsAOneShotDeploy_TheWorkersWaitToComplete()
    {
        Assert.Equal(["schema", "deploy"], Strings(Config.Value, "services.schema.command"));
        Assert.Equal("no", Text(Config.Value, "services.schema.restart"));
        foreach (var service in new[] { "worker", "pwsh-worker" })
            Assert.Equal("service_completed_successfully", Text(Config.Value, $"services.{service}.depends_on.schema.condition"));
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("pwsh-worker")]
    public void Workers_AreConfiguredByEnvironmentOnly_AndStopWithinTheirStopPeriod(string service)
    {
        var worker = Map(Config.Value, $"services.{service}");
        var environment = Map(worker, "environment").Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value);

        Assert.StartsWith("Host=postgres;", environment["GEO_CONNECTION"]);
        Assert.Equal("database", environment["GEO_TRANSPORT"]);
        Assert.True(int.Parse(environment["GEO_CONCURRENCY"]!) >= 1);
        // Nothing mounted or given as arguments beyond the command: the environment is the configuration.
        Assert.Null(At(worker, "volumes"));
        Assert.Null(At(worker, "entrypoint"));
        Assert.Equal("SIGTERM", Text(worker, "stop_signal"));
        var grace = int.Parse(environment["GEO_SHUTDOWN_GRACE"]!);
        var stop = Seconds(Text(worker, "stop_grace_period") ?? $"{DockerStopDefaultSeconds}");
        Assert.True(stop >= grace + HandBackMarginSeconds,
            $"{service}: stop_grace_period {stop} s < GEO_SHUTDOWN_GRACE {grace} s + {HandBackMarginSeconds} s for the hand-back");
    }

    [Fact]
    public void Workers_AreSeveral()
    {
        Assert.True(int.Parse(Text(Config.Value, "services.worker.deploy.replicas")!) >= 2);
        Assert.Equal(["worker"], Strings(Config.Value, "services.worker.command"));
    }

    // docker-compose resolves anchors, merge keys and ${VAR:-default}, and refuses what it cannot run.
    private static YamlMappingNode ResolvedConfig()
    {
        var file = PathOf("compose", "compose.yaml");
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--project-directory", Path.GetDirectoryName(file)!, "-f", file, "--profile", "powershell", "config" })
            start.ArgumentList.Add(argument);
        // The defaults of the file, not whatever this machine's environment says.
        foreach (var variable in new[] { "GEO_IMAGE_TAG", "GEO_POSTGRES_IMAGE", "GEO_POSTGRES_PASSWORD", "COMPOSE_FILE", "COMPOSE_PROFILES" })
            start.Environment.Remove(variable);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"docker-compose is not installed (apt-get install docker-compose; .ci/run installs it): {e.Message}");
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"docker-compose config refused {file} (exit {process.ExitCode}): {stderr.Result}");
            return Assert.Single(Parse(output, "docker-compose config"));
        }
    }
}
