using System.Collections.Concurrent;
using GeoOrchestration.Store.Relational;
using Microsoft.Data.Sqlite;

namespace GeoOrchestration.Sqlite;

/// <summary>
/// SQLite has no LISTEN/NOTIFY. Two signals stand in for it: a commit that creates work wakes the
/// listeners of the same file in the same process at once, and a poll of <c>PRAGMA data_version</c>
/// every <see cref="PollInterval"/> on a dedicated connection notices commits of other processes.
/// Work from another process therefore reaches an idle worker within one poll interval.
/// </summary>
internal sealed class SqliteWorkListener : WorkListenerLoop
{
    /// <summary>How often commits of other processes are looked for: at most this much wake-up delay, a few microseconds of work each.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Who hears the in-process signal of each file: its listeners (and tests' counters), each with its callback.</summary>
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<object, Action>> InProcess = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly Action _onWork;
    private readonly SqliteConnection _connection;

    private SqliteWorkListener(string path, Action onWork, SqliteConnection connection)
    {
        _path = path;
        _onWork = onWork;
        _connection = connection;
    }

    /// <summary>Starts listening; the first version is read before this returns, so no later commit is missed.</summary>
    public static SqliteWorkListener Start(string path, SqliteConnection connection, Action onWork)
    {
        var listener = new SqliteWorkListener(path, onWork, connection);
        var version = listener.DataVersion();
        InProcess.GetOrAdd(path, _ => new()).TryAdd(listener, onWork);
        listener.Start(token => listener.LoopAsync(version, token));
        return listener;
    }

    /// <summary>
    /// Calls <paramref name="onSignal"/> on every in-process signal of <paramref name="path"/> (<see cref="Signal"/>)
    /// until disposed, without the data_version poll: what tests count as the wake-ups asked for.
    /// </summary>
    internal static IDisposable SignalsOnly(string path, Action onSignal)
    {
        var registration = new SignalRegistration(path);
        InProcess.GetOrAdd(path, _ => new()).TryAdd(registration, onSignal);
        return registration;
    }

    private sealed class SignalRegistration(string path) : IDisposable
    {
        public void Dispose()
        {
            if (InProcess.TryGetValue(path, out var listeners)) listeners.TryRemove(this, out _);
        }
    }

    /// <summary>Wakes the listeners of <paramref name="path"/> in this process (called after a commit that created work).</summary>
    public static void Signal(string path)
    {
        if (InProcess.TryGetValue(path, out var listeners))
            foreach (var onWork in listeners.Values) onWork();
    }

    private long DataVersion()
    {
        using var command = new SqliteCommand(SqliteSqlCatalog.Get("DataVersion"), _connection);
        return (long)command.ExecuteScalar()!;
    }

    private async Task LoopAsync(long version, CancellationToken token)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                long now;
                try
                {
                    now = DataVersion();
                }
                catch (SqliteException)
                {
                    _onWork(); // cannot tell: let the worker look for itself
                    continue;
                }
                if (now == version) continue;
                version = now;
                _onWork();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    protected override void OnStopping()
    {
        if (InProcess.TryGetValue(_path, out var listeners)) listeners.TryRemove(this, out _);
    }

    protected override ValueTask OnStoppedAsync() => _connection.DisposeAsync();
}
