using System.CommandLine;
using System.Globalization;
using GeoOrchestration.Cli.Commands;
using GeoOrchestration.Engine;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// <c>geoorch worker</c> and <c>run</c> take their defaults from the engine's <see cref="WorkerDefaults"/>
/// (as Start-GeoWorker and Invoke-GeoJob do), and their help shows the same numbers.
/// </summary>
public sealed class CliWorkerDefaultsTests
{
    [Fact]
    public void Bind_NoWorkerOptionGiven_IsTheEnginesDefaultOptions()
    {
        var binder = new WorkerOptionsBinder();
        var command = new RootCommand();
        binder.AddTo(command);

        var bound = binder.Bind(command.Parse([]));

        Assert.Equal(new WorkerOptions { WorkerId = "w" }, bound with { WorkerId = "w" });
    }

    [Theory]
    [InlineData("worker")]
    [InlineData("run")]
    public async Task Help_ShowsTheEnginesDefaultsAndRange(string command)
    {
        var result = await Geoorch.RunAsync([command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        var help = string.Join(' ', result.Stdout.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"({WorkerDefaults.MinConcurrency}..{WorkerDefaults.MaxConcurrency}). [default: {WorkerDefaults.Concurrency}]", help);
        Assert.Contains($"handed back. [default: {Text(WorkerDefaults.ShutdownGraceSeconds)}]", help);
        Assert.Contains($"in seconds. [default: {Text(WorkerDefaults.LeaseSeconds)}]", help);
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
