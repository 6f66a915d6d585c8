using GeoOrchestration.Store.Relational;
using Npgsql;

namespace GeoOrchestration.Postgres;

/// <summary>
/// Holds one connection in LISTEN on the schema's work channel and calls back on every
/// notification. If the connection drops it calls back anyway (so the worker polls) and reconnects.
/// </summary>
internal sealed class PostgresWorkListener : WorkListenerLoop
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaName _schema;
    private readonly Action _onWork;

    private PostgresWorkListener(NpgsqlDataSource dataSource, SchemaName schema, Action onWork)
    {
        _dataSource = dataSource;
        _schema = schema;
        _onWork = onWork;
    }

    public static async Task<PostgresWorkListener> StartAsync(NpgsqlDataSource dataSource, SchemaName schema, Action onWork,
        CancellationToken cancellationToken)
    {
        var listener = new PostgresWorkListener(dataSource, schema, onWork);
        // The first LISTEN happens before this returns, so the caller's first claim cannot miss a notification.
        var connection = await listener.ListenAsync(cancellationToken);
        listener.Start(token => listener.LoopAsync(connection, token));
        return listener;
    }

    private async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, _) => _onWork();
        await using var listen = new NpgsqlCommand($"LISTEN \"{_schema.Channel}\"", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private async Task LoopAsync(NpgsqlConnection? connection, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                connection ??= await ListenAsync(token);
                await connection.WaitAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
            catch (Exception)
            {
                // Notifications may have been lost while disconnected: wake the worker to poll.
                if (connection is not null) await connection.DisposeAsync();
                connection = null;
                _onWork();
                try { await Task.Delay(ReconnectDelay, token); }
                catch (OperationCanceledException) { break; }
            }
        }
        if (connection is not null) await connection.DisposeAsync();
    }
}
