using GeoOrchestration.Engine;
using GeoOrchestration.Model;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>Engine workers as tests run them, shared by the suite and each store's own tests.</summary>
public static class TestWorkers
{
    /// <summary>Worker options for tests: quick retries, short leases, a janitor turn every 200 ms.</summary>
    public static WorkerOptions Options(int concurrency = 4, TimeSpan? exitWhenIdle = null) => new()
    {
        Concurrency = concurrency,
        Lease = TimeSpan.FromSeconds(10),
        PollInterval = TimeSpan.FromSeconds(1),
        ExitWhenIdle = exitWhenIdle,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        JanitorInterval = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Runs <paramref name="workers"/> until the job is terminal (60 s at most), then stops each and waits for it.</summary>
    public static async Task<JobRecord> RunUntilTerminalAsync(GeoClient client, string jobId, IEnumerable<Worker> workers)
    {
        var running = workers.Select(w => new RunningWorker(w)).ToList();
        try
        {
            return await client.WaitForJobAsync(jobId, TimeSpan.FromSeconds(60));
        }
        finally
        {
            foreach (var worker in running) await worker.DisposeAsync();
        }
    }
}
