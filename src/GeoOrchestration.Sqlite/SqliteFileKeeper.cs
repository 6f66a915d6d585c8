namespace GeoOrchestration.Sqlite;

/// <summary>
/// What a long-lived process (a worker: only workers listen for work) does for its SQLite file
/// besides listening, every <see cref="Interval"/>, by looking at names on disk only (stat and the
/// process's own descriptor table; never opening the file, its -wal or -shm outside SQLite):
/// <list type="bullet">
/// <item>brings back a WAL that a long reader let grow past <see cref="WalLimitBytes"/>: a TRUNCATE
/// checkpoint once no reader needs it (SQLite on its own only reuses a grown WAL, never shrinks it
/// while the process is idle);</item>
/// <item>notices that the file's WAL, shared memory or the file itself was deleted while this process
/// holds it open (another client that believed it was the last user, a tool), and takes the store
/// for gone bad (<see cref="SqliteDatabase.Break"/>), waking the worker so that it stops and says so
/// instead of working on files no other process sees.</item>
/// </list>
/// </summary>
internal sealed class SqliteFileKeeper : IAsyncDisposable
{
    /// <summary>How often the files are looked at: a stat or two and, on Linux, a read of the process's descriptor links.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The WAL size past which it is checkpointed and truncated (the journal_size_limit of connection.sql): 16 MiB.</summary>
    public const long WalLimitBytes = 16L * 1024 * 1024;

    private static readonly string[] Companions = ["", "-wal", "-shm"];

    private readonly SqliteDatabase _database;
    private readonly IAsyncDisposable _listener;
    private readonly Action _wake;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public SqliteFileKeeper(SqliteDatabase database, IAsyncDisposable listener, Action wake)
    {
        _database = database;
        _listener = listener;
        _wake = wake;
    }

    public SqliteFileKeeper Start()
    {
        _loop = Task.Run(LoopAsync);
        return this;
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (_database.Broken is not null) return;
                if (DeletedWhileOpen() is { } deleted)
                {
                    _database.Break($"its file '{deleted}' was deleted from disk while this process held it open " +
                        "(another SQLite client or a tool removed it, believing it was the file's last user)");
                    _wake();
                    return;
                }
                if (WalBytes() > WalLimitBytes)
                {
                    try
                    {
                        await _database.CheckpointAsync(_stop.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A busy or failing file: the next tick tries again, and the worker's own
                        // operations report what persists.
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private long WalBytes()
    {
        var wal = new FileInfo(_database.Settings.FullPath + "-wal");
        return wal.Exists ? wal.Length : 0;
    }

    /// <summary>
    /// The database file, -wal or -shm that this process holds open but that is no longer on disk,
    /// from the kernel's descriptor links (Linux: <c>/proc/self/fd</c>, "PATH (deleted)"); null when
    /// none is, or where the platform does not tell (there the worker's persistent I/O errors do).
    /// </summary>
    internal string? DeletedWhileOpen()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/fd")) return null;
        var path = RealPath(_database.Settings.FullPath);
        try
        {
            foreach (var link in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                string? target;
                try
                {
                    target = new FileInfo(link).LinkTarget;
                }
                catch (IOException)
                {
                    continue; // closed meanwhile
                }
                if (target is null || !target.EndsWith(" (deleted)", StringComparison.Ordinal)) continue;
                var file = target[..^" (deleted)".Length];
                if (Companions.Any(suffix => file == path + suffix)) return file;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>The path with every symbolic link in it resolved, as the kernel names open files.</summary>
    private static string RealPath(string path)
    {
        var real = Path.GetPathRoot(path)!;
        foreach (var part in path[real.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            try
            {
                real = new FileInfo(next).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
            }
            catch (IOException)
            {
                real = next;
            }
        }
        return real;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _listener.DisposeAsync();
        _stop.Dispose();
    }
}
