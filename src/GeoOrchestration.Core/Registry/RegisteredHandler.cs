using GeoOrchestration.Definitions;

namespace GeoOrchestration.Registry;

/// <summary>A discovered handler and the settings its attribute gave.</summary>
public sealed record RegisteredHandler(string TaskType, ITaskHandler Handler, int MaxAttempts);
