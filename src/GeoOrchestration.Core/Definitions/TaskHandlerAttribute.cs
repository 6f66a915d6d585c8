namespace GeoOrchestration.Definitions;

/// <summary>Marks an <see cref="ITaskHandler"/> as the handler for a task type, found at start-up.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TaskHandlerAttribute(string taskType) : Attribute
{
    /// <summary>The task type this handler runs, as stages name it.</summary>
    public string TaskType { get; } = taskType;

    /// <summary>How many times a task of this type is tried (1 or more) before it fails for good. Default 3; a lost lease counts as an attempt.</summary>
    public int MaxAttempts { get; init; } = 3;
}
