using GeoOrchestration.Definitions;

namespace GeoOrchestration.Registry;

/// <summary>A discovered handler and the settings its attribute gave.</summary>
/// <param name="TaskType">The task type it runs.</param>
/// <param name="Handler">The one shared instance.</param>
/// <param name="MaxAttempts">Attempts per task before it fails for good, 1 or more (<see cref="TaskHandlerAttribute.MaxAttempts"/>).</param>
public sealed record RegisteredHandler(string TaskType, ITaskHandler Handler, int MaxAttempts);
