namespace GeoOrchestration.Sqlite;

/// <summary>
/// The in-process queue for one file's write lock (see <see cref="SqliteDatabase.WriteAsync{T}"/>):
/// one writer at a time, handed on at once when it leaves, with a count of who waits.
/// </summary>
internal sealed class WriteGate
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private int _queued;

    /// <summary>Writers waiting to enter.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Waits up to <paramref name="limit"/> to enter; false when the limit passed first (the caller goes on unguarded).</summary>
    public async Task<bool> EnterAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        if (_semaphore.Wait(0, CancellationToken.None)) return true;
        Interlocked.Increment(ref _queued);
        try
        {
            return await _semaphore.WaitAsync(limit, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    public void Exit() => _semaphore.Release();
}
