using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>Runs in-process workers until a job is terminal, then stops them.</summary>
public static class WorkerRun
{
    public static async Task<JobRecord> UntilTerminalAsync(SchemaFixture fixture, string jobId, int workers = 1, int concurrency = 4)
    {
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, workers).Select(_ => fixture.CreateWorker(concurrency).RunAsync(stop.Token)).ToList();
        try
        {
            return await fixture.Client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }
    }
}
