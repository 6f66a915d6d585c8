using System.Diagnostics;

namespace GeoOrchestration.Sqlite.Tests.Support;

/// <summary>
/// Real SQLite clients of other programs, in processes of their own: the <c>sqlite3</c> command-line
/// shell and Python's <c>sqlite3</c> module. Each opens the file, does its work and exits, closing
/// the file as any other client would.
/// </summary>
internal static class OtherClients
{
    /// <summary>Runs <paramref name="sql"/> with the sqlite3 shell; returns what it printed.</summary>
    public static Task<string> Sqlite3Async(string path, string sql) => RunAsync("sqlite3", [path, sql]);

    /// <summary>Runs one query with Python's sqlite3 module, connecting and closing as a script would; returns the first row.</summary>
    public static Task<string> PythonAsync(string path, string sql) => RunAsync("python3",
        ["-c", "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nprint(c.execute(sys.argv[2]).fetchone())\nc.close()", path, sql]);

    private static async Task<string> RunAsync(string program, string[] arguments)
    {
        using var process = Start(program, arguments, input: false);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited {process.ExitCode}: {await error}");
        return (await output).Trim();
    }

    private static Process Start(string program, string[] arguments, bool input)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
    }

    /// <summary>
    /// A Python process holding a read transaction open on the file (a long report, a backup):
    /// SQLite cannot checkpoint the WAL past its snapshot until it is released.
    /// </summary>
    public sealed class HeldReader : IAsyncDisposable
    {
        private const string Script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN')
            print(c.execute('SELECT count(*) FROM jobs').fetchone()[0], flush=True)
            sys.stdin.readline()
            c.execute('COMMIT')
            c.close()
            """;

        private readonly Process _process;

        private HeldReader(Process process) => _process = process;

        /// <summary>Starts the reader and returns once its read transaction has read the file.</summary>
        public static async Task<HeldReader> StartAsync(string path)
        {
            var reader = new HeldReader(Start("python3", ["-c", Script, path], input: true));
            var line = await reader._process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            if (line is null) throw new InvalidOperationException($"The reader exited: {await reader._process.StandardError.ReadToEndAsync()}");
            return reader;
        }

        /// <summary>Ends the read transaction and the process.</summary>
        public async Task ReleaseAsync()
        {
            if (_process.HasExited) return;
            await _process.StandardInput.WriteLineAsync();
            await _process.StandardInput.FlushAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await ReleaseAsync();
            }
            finally
            {
                if (!_process.HasExited) _process.Kill();
                _process.Dispose();
            }
        }
    }
}
