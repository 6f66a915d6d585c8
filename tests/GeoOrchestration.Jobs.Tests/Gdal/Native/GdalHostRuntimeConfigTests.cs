using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

public sealed class GdalHostRuntimeConfigTests
{
    [Fact]
    public void RuntimeConfig_AsShipped_RollsForwardAndKeepsTheGcSmall()
    {
        // The files the projects that run rasters copy beside the host's .dll (Cli, the module's dependencies/).
        var config = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(RawGdalHost.HostAssembly, ".runtimeconfig.json")))!["runtimeOptions"]!;

        Assert.Equal("Major", config["rollForward"]!.GetValue<string>());
        // Without the cap, a host's resident set grew by 20 MiB of uncollected garbage over 1200 translates on this VM (tests/bench/gdal-host.py).
        Assert.Equal(4L * 1024 * 1024, config["configProperties"]!["System.GC.Gen0MaxBudget"]!.GetValue<long>());
        Assert.False(config["configProperties"]!["System.GC.Concurrent"]!.GetValue<bool>());
    }
}
