using GeoOrchestration.Hosting;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// The runs of one invocation, per transport measured: one runner (a store and workers of its own) per
/// transport, all started first and warmed up, then the measured runs interleaved (database, servicebus,
/// database, ...), so both transports see the same machine over the same minutes.
/// </summary>
internal static class BenchTransports
{
    /// <summary>The measured runs of one transport (<c>database</c> or <c>servicebus</c>).</summary>
    public sealed record Measured(string Transport, List<BenchResult> Results);

    /// <summary>Runs the warm-ups, then the measured runs, logging each; removes every store and stops the double afterwards.</summary>
    /// <param name="serviceBusConnection">The namespace's connection string; null: a double in this process (Service Bus transports only).</param>
    public static async Task<IReadOnlyList<Measured>> RunAsync(BenchSettings settings, GeoConnection connection, string? serviceBusConnection,
        TextWriter log, CancellationToken cancellationToken)
    {
        BenchServiceBus? serviceBus = null;
        var runners = new List<BenchRunner>();
        try
        {
            if (settings.Transport != "database") serviceBus = await BenchServiceBus.StartAsync(serviceBusConnection, cancellationToken);
            if (settings.Transport != "servicebus")
                runners.Add(await BenchRunner.StartAsync(BenchStores.Create(connection, settings), settings, log, null, cancellationToken));
            if (serviceBus is not null)
                runners.Add(await BenchRunner.StartAsync(BenchStores.Create(connection, settings, "_servicebus"), settings, log, serviceBus, cancellationToken));
            // Which transport a line is about, when there are two.
            string Label(BenchRunner runner) => runners.Count > 1 ? $"{runner.Transport} " : "";
            for (var run = 1; run <= settings.Warmups; run++)
            {
                foreach (var runner in runners)
                {
                    var result = await runner.RunOnceAsync($"warmup-{run}", Math.Min(settings.Tasks, 20_000), Math.Min(settings.Stages, 9), cancellationToken);
                    log.WriteLine($"bench: {Label(runner)}warm-up {run}/{settings.Warmups} (not counted): {BenchCommand.Describe(result)}");
                }
            }
            var measured = runners.Select(r => new Measured(r.Transport, [])).ToList();
            for (var run = 1; run <= settings.Runs; run++)
            {
                for (var i = 0; i < runners.Count; i++)
                {
                    var result = await runners[i].RunOnceAsync($"run-{run}", settings.Tasks, settings.Stages, cancellationToken);
                    measured[i].Results.Add(result);
                    log.WriteLine($"bench: {Label(runners[i])}run {run}/{settings.Runs}: {BenchCommand.Describe(result)}");
                }
            }
            return measured;
        }
        finally
        {
            try
            {
                for (var i = runners.Count - 1; i >= 0; i--) await runners[i].DisposeAsync();
            }
            finally
            {
                // Last: the workers that received from it have stopped.
                if (serviceBus is not null) await serviceBus.DisposeAsync();
            }
        }
    }
}
