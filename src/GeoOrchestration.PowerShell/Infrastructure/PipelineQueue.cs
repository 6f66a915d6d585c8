using System.Collections.Concurrent;
using GeoOrchestration.Logging;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Carries what engine threads produce (log lines, progress, results) to the pipeline thread, the
/// only thread on which a cmdlet may write. <see cref="Run{T}"/> starts the work on the thread pool
/// and runs posted actions on the calling (pipeline) thread until the work ends.
/// </summary>
internal sealed class PipelineQueue
{
    // Which queue engine callbacks of the current call reach: flows into every task the work starts.
    private static readonly AsyncLocal<PipelineQueue?> CurrentQueue = new();

    private readonly BlockingCollection<Action> _actions = new();
    private readonly SemaphoreSlim _outputCredit = new(OutputAhead);
    private readonly Action<GeoLogLine> _log;

    private PipelineQueue(Action<GeoLogLine> log) => _log = log;

    /// <summary>Routes an engine log line to the cmdlet call it belongs to; dropped when it belongs to none.</summary>
    public static void Log(GeoLogLine line)
    {
        var queue = CurrentQueue.Value;
        queue?.Post(() => queue._log(line));
    }

    /// <summary>Runs <paramref name="action"/> on the pipeline thread; ignored once the work has ended.</summary>
    public void Post(Action action)
    {
        try { _actions.Add(action); }
        catch (InvalidOperationException) { /* the call has returned: nothing left to write to */ }
    }

    /// <summary>
    /// Writes an object to the pipeline, waiting while <see cref="OutputAhead"/> objects are still
    /// unwritten: a listing read faster than the pipeline takes it (a slow consumer, a formatter)
    /// is held back instead of piling up in memory. For the work's own results, never for engine
    /// callbacks, which must not block.
    /// </summary>
    public async Task PostOutputAsync<TItem>(TItem item, Action<TItem> write, CancellationToken cancellationToken)
    {
        await _outputCredit.WaitAsync(cancellationToken);
        Post(() =>
        {
            try { write(item); }
            finally { _outputCredit.Release(); }
        });
    }

    /// <summary>How many output objects may wait for the pipeline thread.</summary>
    internal const int OutputAhead = 256;

    public static T Run<T>(Action<GeoLogLine> log, Func<PipelineQueue, Task<T>> work)
    {
        var queue = new PipelineQueue(log);
        var previous = CurrentQueue.Value;
        CurrentQueue.Value = queue;
        Task<T> task;
        try
        {
            task = Task.Run(() => work(queue));
        }
        finally
        {
            CurrentQueue.Value = previous;
        }
        task.ContinueWith(_ => queue._actions.CompleteAdding(), TaskScheduler.Default);
        foreach (var action in queue._actions.GetConsumingEnumerable()) action();
        return task.GetAwaiter().GetResult();
    }
}
