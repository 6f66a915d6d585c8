using System.Globalization;
using Xunit.Abstractions;

namespace GeoOrchestration.IntegrationTests;

/// <summary>
/// <c>geoorch job tasks</c> over a 300,000-task stage writes its listing as it reads it: the
/// process's peak resident memory stays far below the size of what it wrote. A listing built in
/// memory first (as it was: 2 GB for this stage) holds at least its whole text, so it cannot.
/// </summary>
/// <remarks>
/// The peak is the kernel's high-water mark of the process (VmHWM in /proc/PID/status), read
/// while its output is drained, so it covers everything up to the last rows. No time is asserted.
/// </remarks>
public sealed class JobTasksMemoryTests(JobTasksMemoryTests.LargeStage stage, ITestOutputHelper output) : IClassFixture<JobTasksMemoryTests.LargeStage>
{
    private const int Tasks = 300_000;

    private string JobId => stage.JobId;

    private Dictionary<string, string?> Sqlite => stage.Environment;

    /// <summary>One embedded store with a completed 300,000-task noop job, shared by the tests here.</summary>
    public sealed class LargeStage : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("geoorch-tasks-memory-").FullName;

        public string JobId { get; private set; } = "";

        public Dictionary<string, string?> Environment => new() { ["GEO_CONNECTION"] = $"sqlite:{Path.Combine(_folder, "geo.db")}" };

        public async Task InitializeAsync()
        {
            var run = await Geoorch.RunAsync(["run", "noop", "-p", $"tasks={Tasks}", "--concurrency", "8", "--deploy", "-o", "json"], Environment, TimeSpan.FromMinutes(10));
            Assert.True(run.ExitCode == 0, run.Stderr);
            JobId = run.Json["jobId"]!.GetValue<string>();
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task JobTasks_Json_OverALargeStage_PeaksFarBelowTheSizeOfItsOutput()
    {
        var (exit, bytes, taskLines, peak) = await ListAsync(["job", "tasks", JobId, "-o", "json"], line => line.StartsWith("    \"taskId\": ", StringComparison.Ordinal));

        output.WriteLine($"JSON: {bytes / 1048576.0:0} MB written, peak RSS {peak / 1048576.0:0} MB");
        Assert.Equal(0, exit);
        Assert.Equal(Tasks, taskLines);
        // Below the output (here ~215 MB against a runtime of ~90 MB): impossible for a process that
        // held the text it wrote, which as a .NET string takes twice its UTF-8 size.
        Assert.True(peak < bytes, $"peak RSS {peak} bytes for {bytes} bytes of output");
    }

    [Fact]
    public async Task JobTasks_Table_OverALargeStage_PeaksBelowTheSizeOfTheTasksAsJson()
    {
        var (_, jsonBytes, _, _) = await ListAsync(["job", "tasks", JobId, "-o", "json", "--status", "completed"], _ => false);
        var (exit, bytes, rows, peak) = await ListAsync(["job", "tasks", JobId], line => line.StartsWith(JobId[..16], StringComparison.Ordinal));

        output.WriteLine($"table: {bytes / 1048576.0:0} MB written, peak RSS {peak / 1048576.0:0} MB; the tasks as JSON: {jsonBytes / 1048576.0:0} MB");
        Assert.Equal(0, exit);
        Assert.Equal(Tasks, rows);
        // The table is short, but the tasks it is drawn from are not: holding them all (their
        // parameters and results parsed into JSON nodes) takes more than their JSON text (~215 MB
        // here, against a runtime of ~90 MB), which is the bound.
        Assert.True(peak < jsonBytes, $"peak RSS {peak} bytes while listing tasks whose JSON is {jsonBytes} bytes");
    }

    /// <summary>Runs geoorch, counting its output (bytes, and lines that <paramref name="counted"/>) as it comes, and its peak RSS.</summary>
    private async Task<(int Exit, long Bytes, int Counted, long PeakRss)> ListAsync(string[] arguments, Func<string, bool> counted)
    {
        using var process = Geoorch.Start(arguments, Sqlite);
        var errors = process.StandardError.ReadToEndAsync();
        long bytes = 0, peak = 0;
        var count = 0;
        var sinceLook = 0L;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            bytes += line.Length + 1;
            if (counted(line)) count++;
            // Every 256 KB of output, and at the first line: a listing built in memory first peaks before it writes.
            if (sinceLook == 0 || bytes - sinceLook >= 256 * 1024)
            {
                peak = Math.Max(peak, HighWaterMark(process.Id));
                sinceLook = bytes;
            }
        }
        peak = Math.Max(peak, HighWaterMark(process.Id));
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await errors);
        Assert.True(peak > 0, "the process's peak RSS was never read");
        return (process.ExitCode, bytes, count, peak);
    }

    /// <summary>VmHWM of a running process in bytes; 0 once it has exited.</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
