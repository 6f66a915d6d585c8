using GeoOrchestration.IntegrationTests.Infrastructure;
using GeoOrchestration.StoreConformance.Harness;
using Npgsql;

namespace GeoOrchestration.IntegrationTests.Conformance;

/// <summary>
/// Counts the notifications on a schema's work channel: the wake-ups its clients asked for. To know
/// that every notification committed before a count has arrived, the count sends one of its own (a
/// sentinel payload) and reads until it comes: PostgreSQL delivers one channel's notifications to a
/// listener in commit order.
/// </summary>
internal sealed class NotificationCounter : IWakeUpCounter
{
    private static readonly TimeSpan SentinelBound = TimeSpan.FromSeconds(60);

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _listener;
    private readonly string _channel;
    private readonly HashSet<string> _sentinelsSeen = new(StringComparer.Ordinal);
    private int _count;

    private NotificationCounter(NpgsqlDataSource dataSource, NpgsqlConnection listener, string channel)
    {
        _dataSource = dataSource;
        _listener = listener;
        _channel = channel;
        _listener.Notification += (_, e) =>
        {
            if (e.Payload.StartsWith("sentinel-", StringComparison.Ordinal)) _sentinelsSeen.Add(e.Payload);
            else _count++;
        };
    }

    public static async Task<NotificationCounter> StartAsync(PostgresServer server, string channel, CancellationToken cancellationToken)
    {
        var dataSource = server.CreateDataSource();
        var listener = await dataSource.OpenConnectionAsync(cancellationToken);
        var counter = new NotificationCounter(dataSource, listener, channel);
        await using var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", listener);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return counter;
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var sentinel = "sentinel-" + Guid.NewGuid().ToString("N");
        await using (var notify = _dataSource.CreateCommand("SELECT pg_notify($1, $2)"))
        {
            notify.Parameters.Add(new NpgsqlParameter { Value = _channel });
            notify.Parameters.Add(new NpgsqlParameter { Value = sentinel });
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(SentinelBound);
        while (!_sentinelsSeen.Contains(sentinel)) await _listener.WaitAsync(bound.Token);
        return _count;
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
