using System.Text.Json.Nodes;

namespace GeoOrchestration.Definitions;

/// <summary>
/// Runs one task: parameters in, a JSON result out. Handlers are created once and shared, so they
/// keep no per-task state. Throw <see cref="Errors.TransientTaskException"/> to ask for a retry,
/// <see cref="Errors.PermanentTaskException"/> to fail at once.
/// </summary>
public interface ITaskHandler
{
    /// <summary>Runs the task once (once per attempt: a task runs at least once, and again after a retry or a lost lease).</summary>
    /// <param name="context">The task: its ids, attempt, parameters, and where to report progress.</param>
    /// <param name="cancellationToken">Cancelled when the job ends, the task times out, its lease is lost, or the worker stops; stop soon and let it throw.</param>
    /// <returns>The task's result: a JSON value of at most what a store holds (no NUL, no lone surrogate, no NaN or infinity), or null for none.</returns>
    /// <exception cref="Errors.TransientTaskException">The attempt failed in a way worth retrying (after a backoff, while attempts remain).</exception>
    /// <exception cref="Errors.PermanentTaskException">The task cannot succeed: it fails for good at once. Other exceptions are classified by the engine (unknown ones are retried).</exception>
    Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken);
}
