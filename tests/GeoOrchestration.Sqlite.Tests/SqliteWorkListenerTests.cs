using GeoOrchestration.Store;
using GeoOrchestration.Sqlite.Tests.Support;

namespace GeoOrchestration.Sqlite.Tests;

public sealed class SqliteWorkListenerTests : IAsyncLifetime
{
    private readonly StoreFolder _folder = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _folder.DisposeAsync();

    [Fact]
    public async Task Listen_CommitOfAnotherConnection_CallsBack()
    {
        var store = _folder.Store();
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var listener = await store.WorkListenAsync(new WorkListenParams(() => woken.TrySetResult()), default);

        using (var other = Db.Other(store.Path))
            Db.Execute(other, "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (-1, 'x', 'y', 0);");

        // A bound, not a measurement: the poll runs every 20 ms.
        Assert.Same(woken.Task, await Task.WhenAny(woken.Task, Task.Delay(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public async Task Listen_AfterDispose_NoLongerCallsBack()
    {
        var store = _folder.Store();
        var calls = 0;
        var listener = await store.WorkListenAsync(new WorkListenParams(() => Interlocked.Increment(ref calls)), default);
        await listener.DisposeAsync();

        await store.JobSubmitAsync(StoreFolder.Job(), default);

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Listen_SubmitInTheSameProcess_CallsBackBeforeTheSubmitReturns()
    {
        var store = _folder.Store();
        var calls = 0;
        await using var listener = await store.WorkListenAsync(new WorkListenParams(() => Interlocked.Increment(ref calls)), default);

        await store.JobSubmitAsync(StoreFolder.Job(), default);

        Assert.True(calls >= 1);
    }
}
