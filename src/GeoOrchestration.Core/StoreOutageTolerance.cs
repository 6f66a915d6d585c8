using GeoOrchestration.Errors;

namespace GeoOrchestration;

/// <summary>
/// Lets a waiting front end (<c>geoorch submit --wait</c>, <c>Wait-GeoJob</c>, <c>Submit-GeoJob -Wait</c>) ride out a
/// store outage (PostgreSQL restarting, failing over, a SQLite file locked by a backup) as its workers do: a read that
/// fails as <see cref="GeoStoreUnavailableException"/> is skipped and the wait polls again, until the store has been
/// unavailable for <see cref="Limit"/> without a break; then the error is thrown as before. One per wait.
/// </summary>
internal sealed class StoreOutageTolerance(TimeProvider time)
{
    /// <summary>How long the store may stay unavailable before a wait gives up: 5 minutes, as a worker's startup waits.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private long? _since;

    /// <summary>The read's result, or <c>(false, default)</c> when the store was unavailable and the outage is still within <see cref="Limit"/>.</summary>
    /// <exception cref="GeoStoreUnavailableException">The store has been unavailable for longer than <see cref="Limit"/>.</exception>
    public async Task<(bool Read, T Value)> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            var value = await read();
            _since = null;
            return (true, value);
        }
        catch (GeoStoreUnavailableException) when (Within())
        {
            return (false, default!);
        }
    }

    private bool Within()
    {
        _since ??= time.GetTimestamp();
        return time.GetElapsedTime(_since.Value) < Limit;
    }
}
