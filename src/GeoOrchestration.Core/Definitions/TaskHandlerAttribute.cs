namespace GeoOrchestration.Definitions;

/// <summary>Marks an <see cref="ITaskHandler"/> as the handler for a task type, found at start-up.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TaskHandlerAttribute(string taskType) : Attribute
{
    public string TaskType { get; } = taskType;

    /// <summary>How many times a task of this type is tried before it fails for good. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;
}
