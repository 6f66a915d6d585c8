using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// A real <c>geoorch worker</c> process on a file that other SQLite clients (the sqlite3 shell,
/// Python's sqlite3) open and close while it works. On POSIX a process that opens and closes the
/// database file outside SQLite drops every lock its SQLite connections hold; the next client to
/// exit then believes it is the last user and deletes the WAL and shared memory under the worker.
/// </summary>
[Collection(PoolSensitiveCollection.Name)]
public sealed class SqliteOtherClientTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Path => _folder.File();

    private Dictionary<string, string?> Environment => new() { ["GEO_CONNECTION"] = $"sqlite:{Path}" };

    private async Task<WorkerProcess> StartedWorkerAsync(params string[] options)
    {
        var worker = WorkerProcess.Start(["--concurrency", "4", .. options], Environment);
        await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted || worker.HasExited), seconds: 60);
        Assert.True(worker.HasStarted, worker.Tail);
        return worker;
    }

    private async Task<Geoorch.Result> GeoorchAsync(params string[] arguments)
    {
        var result = await Geoorch.RunAsync(arguments, Environment, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"geoorch {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }

    /// <summary>The files of this test's database that process <paramref name="pid"/> holds open but that are no longer on disk.</summary>
    private string[] DeletedUnder(int pid) =>
        Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
            .Select(link => { try { return new FileInfo(link).LinkTarget; } catch (IOException) { return null; } })
            .OfType<string>()
            .Where(target => target.StartsWith(Path, StringComparison.Ordinal) && target.EndsWith(" (deleted)", StringComparison.Ordinal))
            .ToArray();

    [Fact]
    public async Task OtherClientsThatOpenAndCloseTheFile_WhileAWorkerRuns_LeaveItsWalAndSharedMemory_AndLaterWorkRuns()
    {
        using var worker = await StartedWorkerAsync();
        var first = (await GeoorchAsync("submit", "noop", "-p", "tasks=20", "-p", "delay_ms=1000", "--output", "json")).Json["jobId"]!.GetValue<string>();
        await Eventually.TrueAsync(async () => await OtherClients.Sqlite3Async(Path, "SELECT count(*) FROM tasks WHERE status = 'processing'") != "0", seconds: 60);

        // While tasks run: each client opens the file, reads, and exits (closing it).
        Assert.Equal("20", await OtherClients.Sqlite3Async(Path, "SELECT count(*) FROM tasks"));
        Assert.Equal("(20,)", await OtherClients.PythonAsync(Path, "SELECT count(*) FROM tasks"));

        Assert.True(File.Exists(Path + "-wal") && File.Exists(Path + "-shm"), "the WAL or shared memory was deleted while the worker runs");
        Assert.Empty(DeletedUnder(worker.Id));
        // Work submitted afterwards runs, and so did the work under way.
        var later = await GeoorchAsync("submit", "noop", "-p", "tasks=3", "--wait", "--timeout", "120", "--output", "json");
        Assert.Equal("completed", later.Json["status"]!.GetValue<string>());
        await Eventually.TrueAsync(async () =>
            (await GeoorchAsync("job", "get", first, "--output", "json")).Json["status"]!.GetValue<string>() == "completed", seconds: 120);
        Assert.False(worker.HasExited, worker.Tail);
        Assert.Empty(DeletedUnder(worker.Id));
    }

    [Fact]
    public async Task WalAndSharedMemoryDeletedUnderAWorker_TheWorkerSaysOnceThatTheStoreHasGoneBadAndStops()
    {
        using var worker = await StartedWorkerAsync();
        Assert.True(File.Exists(Path + "-wal"), "a running worker keeps the WAL open");

        File.Delete(Path + "-wal");
        File.Delete(Path + "-shm");

        var exit = await worker.ExitCodeWithinAsync(TimeSpan.FromMinutes(1));
        Assert.True(exit == 7, $"exit {exit}: {worker.Tail}");
        var said = worker.Tail.Split('\n').Where(l => l.Contains("has gone bad", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(said);
        Assert.Contains($"'{Path}-", line);
        Assert.Contains("was deleted from disk while this process held it open", line);
    }

    [Fact]
    public async Task AWalThatAHeldReaderLetGrow_IsBroughtBackByTheWorkerOnceTheReaderIsReleased()
    {
        using var worker = await StartedWorkerAsync();
        await using var reader = await OtherClients.HeldReader.StartAsync(Path);
        // 40 MiB written by another client while the reader's snapshot keeps SQLite from reusing the WAL.
        await OtherClients.Sqlite3Async(Path, "CREATE TABLE scratch (b BLOB); " +
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) INSERT INTO scratch SELECT randomblob(1048576) FROM n; " +
            "DROP TABLE scratch;");
        var grown = new FileInfo(Path + "-wal").Length;
        Assert.True(grown > 2 * SqliteFileKeeper.WalLimitBytes, $"the WAL grew to {grown} bytes only");

        await reader.ReleaseAsync();

        // Nothing writes any more: only the worker can bring the WAL back.
        await Eventually.TrueAsync(() => Task.FromResult(new FileInfo(Path + "-wal").Length <= SqliteFileKeeper.WalLimitBytes), seconds: 60);
        Assert.False(worker.HasExited, worker.Tail);
        Assert.Empty(DeletedUnder(worker.Id));
    }

    [Fact]
    public async Task DiskIoErrorsThatPersist_TakeTheStoreForGoneBad_AndEveryLaterCallSaysSo()
    {
        await using var first = new SqliteStore(new SqliteStoreOptions { Path = Path });
        await first.SchemaDeployAsync(new Store.SchemaDeployParams(false), default);
        File.Delete(Path + "-wal");
        File.Delete(Path + "-shm");
        // Another store object (another pool, as a new connection of a busy worker would be): its new
        // connections meet SQLite's "disk I/O error" for real, on every call.
        await using var store = new SqliteStore(new SqliteStoreOptions { Path = Path, BusyTimeout = TimeSpan.FromSeconds(4) });

        var errors = new List<Exception>();
        for (var i = 0; i < SqliteDatabase.IoErrorsBeforeBroken + 1; i++)
            errors.Add(await Assert.ThrowsAnyAsync<Errors.GeoException>(() => store.JobListAsync(new Store.JobListParams(), default)));

        Assert.All(errors.Take(SqliteDatabase.IoErrorsBeforeBroken - 1), e => Assert.IsType<Errors.GeoStoreUnavailableException>(e));
        var broken = Assert.IsType<Errors.GeoConfigurationException>(errors[SqliteDatabase.IoErrorsBeforeBroken - 1]);
        Assert.Equal(Errors.GeoConfigurationException.StoreBrokenId, broken.ErrorId);
        Assert.Contains($"'{Path}' has gone bad", broken.Message);
        Assert.Contains("disk I/O error", broken.Message);
        Assert.Same(broken, errors[^1]);
    }
}
