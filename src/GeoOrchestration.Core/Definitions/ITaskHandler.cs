using System.Text.Json.Nodes;

namespace GeoOrchestration.Definitions;

/// <summary>
/// Runs one task: parameters in, a JSON result out. Handlers are created once and shared, so they
/// keep no per-task state. Throw <see cref="Errors.TransientTaskException"/> to ask for a retry,
/// <see cref="Errors.PermanentTaskException"/> to fail at once.
/// </summary>
public interface ITaskHandler
{
    Task<JsonNode?> HandleAsync(TaskContext context, CancellationToken cancellationToken);
}
