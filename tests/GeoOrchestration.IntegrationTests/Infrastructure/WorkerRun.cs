using GeoOrchestration.Model;

namespace GeoOrchestration.IntegrationTests.Infrastructure;

/// <summary>Runs in-process workers until a job is terminal, then stops them.</summary>
public static class WorkerRun
{
    public static Task<JobRecord> UntilTerminalAsync(SchemaFixture fixture, string jobId, int workers = 1, int concurrency = 4) =>
        TestWorkers.RunUntilTerminalAsync(fixture.Client, jobId, Enumerable.Range(0, workers).Select(_ => fixture.CreateWorker(concurrency)).ToList());
}
