namespace GeoOrchestration.Definitions;

/// <summary>Marks a <see cref="JobDefinition{TParameters}"/> subclass as a job type, found at start-up.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JobTypeAttribute(string name) : Attribute
{
    /// <summary>The job type's name, as users submit it (snake_case by convention).</summary>
    public string Name { get; } = name;

    /// <summary>One sentence for <c>geoorch job-types</c> and help.</summary>
    public string Description { get; init; } = "";
}
