using System.Diagnostics;
using GeoOrchestration.Sqlite.Tests.Support;
using GeoOrchestration.StoreConformance.Support;

namespace GeoOrchestration.Sqlite.Tests;

/// <summary>
/// <c>geoorch</c> on a store it may read but not write: commands that only read work (on read-only
/// connections), writing commands exit 7 (configuration) with one line naming the file and the
/// permission, and the file is left as it was. Tests run as root, whom file modes do not stop, so
/// the reader is a real other user: geoorch runs as <c>postgres</c> (via runuser, as the PostgreSQL
/// tests run the server) on a folder and file that root owns and only root may write.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SqliteReadOnlyStoreTests : IDisposable
{
    private const string OtherUser = "postgres";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Path => _folder.File();

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>geoorch as another user than the owner of the store (as this one when the tests do not run as root).</summary>
    private async Task<Geoorch.Result> AsReaderAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(IsRoot ? "runuser" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.Path,
        };
        if (IsRoot) foreach (var argument in new[] { "-u", OtherUser, "--", "dotnet" }) start.ArgumentList.Add(argument);
        foreach (var argument in (string[])[Geoorch.Executable, .. arguments, "--connection", $"sqlite:{Path}"]) start.ArgumentList.Add(argument);
        start.Environment.Remove("GEO_CONNECTION");
        start.Environment["HOME"] = _folder.Path;
        start.Environment["DOTNET_CLI_HOME"] = _folder.Path;
        start.Environment["XDG_DATA_HOME"] = System.IO.Path.Combine(_folder.Path, "unused");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new Geoorch.Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A store with one completed job, closed cleanly (no -wal or -shm left), then made read-only for the reader.</summary>
    private async Task<string> ReadOnlyStoreWithAJobAsync()
    {
        var run = await Geoorch.RunAsync(["run", "noop", "-p", "tasks=2", "--deploy", "--output", "json", "--connection", $"sqlite:{Path}"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["geo.db"], Db.Files(_folder.Path));
        // Root owns both; the folder lets others in and the file lets them read, nothing more.
        File.SetUnixFileMode(_folder.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        File.SetUnixFileMode(Path, (UnixFileMode)Convert.ToInt32("644", 8));
        if (!IsRoot)
        {
            Permissions.MakeReadOnly(Path);
            Permissions.MakeReadOnly(_folder.Path);
        }
        return run.Json["jobId"]!.GetValue<string>();
    }

    [Fact]
    public async Task ReadingCommands_OnAReadOnlyFileInAReadOnlyFolder_Work()
    {
        var jobId = await ReadOnlyStoreWithAJobAsync();
        var before = File.ReadAllBytes(Path);

        var list = await AsReaderAsync("job", "list", "--output", "json");
        var get = await AsReaderAsync("job", "get", jobId[..12], "--output", "json");
        var tasks = await AsReaderAsync("job", "tasks", jobId, "--output", "json");

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains(jobId, list.Stdout);
        Assert.True(get.ExitCode == 0, get.Stderr);
        Assert.Equal("completed", get.Json["status"]!.GetValue<string>());
        Assert.True(tasks.ExitCode == 0, tasks.Stderr);
        Assert.Equal(2, tasks.Json.AsArray().Count);
        Assert.Equal(before, File.ReadAllBytes(Path));
        Assert.Equal(["geo.db"], Db.Files(_folder.Path));
    }

    [Fact]
    public async Task ReadingCommands_OnAReadOnlyStoreThatAWorkerOfItsOwnerUses_Work()
    {
        var jobId = await ReadOnlyStoreWithAJobAsync();
        using var worker = WorkerProcess.Start([], new Dictionary<string, string?> { ["GEO_CONNECTION"] = $"sqlite:{Path}" });
        await Eventually.TrueAsync(() => Task.FromResult(worker.HasStarted || worker.HasExited), seconds: 60);
        Assert.True(worker.HasStarted, worker.Tail);

        // The worker's -wal and -shm exist, owned by root: the reader maps the shared memory read-only.
        var list = await AsReaderAsync("job", "list", "--output", "json");

        Assert.True(list.ExitCode == 0, list.Stderr);
        Assert.Contains(jobId, list.Stdout);
        Assert.False(worker.HasExited, worker.Tail);
    }

    [Theory]
    [InlineData("submit", "noop", "-p", "tasks=1")]
    [InlineData("job", "cancel", "JOB")]
    [InlineData("schema", "deploy")]
    [InlineData("worker", "--exit-when-idle", "1")]
    public async Task WritingCommands_OnAReadOnlyStore_ExitSevenNamingTheFileAndThePermission(params string[] command)
    {
        var jobId = await ReadOnlyStoreWithAJobAsync();
        var before = File.ReadAllBytes(Path);

        var refused = await AsReaderAsync([.. command.Select(a => a == "JOB" ? jobId : a)]);

        Assert.True(refused.ExitCode == 7, $"exit {refused.ExitCode}: {refused.Stderr}");
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(Path, StringComparison.Ordinal));
        Assert.Contains("write permission", line);
        Assert.Equal(before, File.ReadAllBytes(Path));
        Assert.Equal(["geo.db"], Db.Files(_folder.Path));
    }
}
