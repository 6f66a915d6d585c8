using System.Collections.Concurrent;
using System.Diagnostics;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// Starts tool processes from one thread that lives as long as this process. Linux sends a child's
/// parent-death signal (<c>setpriv --pdeathsig</c>, see <see cref="GdalRunner"/>) when the thread
/// that started it exits, not the process: a thread-pool thread that retires would kill a
/// long-running GDAL for nothing, a thread of our own never does.
/// </summary>
internal static class ToolStarter
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = new();
    private static readonly Thread Starter = StartThread();

    /// <summary>Starts <paramref name="process"/> on the starter thread; throws what <see cref="Process.Start()"/> throws.</summary>
    public static Task StartAsync(Process process)
    {
        _ = Starter;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        return started.Task;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var (process, started) in Queue.GetConsumingEnumerable())
            {
                try
                {
                    process.Start();
                    started.SetResult();
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "GeoOrchestration tool starter" };
        thread.Start();
        return thread;
    }
}
