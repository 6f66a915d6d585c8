using GeoOrchestration.Engine;

namespace GeoOrchestration.StoreConformance.Support;

/// <summary>A worker running in the background until disposed, which stops it gracefully and waits for it.</summary>
public sealed class RunningWorker : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public RunningWorker(Worker worker)
    {
        Worker = worker;
        Running = worker.RunAsync(_stop.Token);
    }

    public Worker Worker { get; }

    /// <summary>The worker's run; it ends after <see cref="StopAsync"/> (or, with an idle limit, by itself).</summary>
    public Task Running { get; }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
