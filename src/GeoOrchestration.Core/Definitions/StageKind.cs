namespace GeoOrchestration.Definitions;

/// <summary>How a stage's tasks are planned.</summary>
public enum StageKind
{
    /// <summary>Tasks planned from the job's parameters alone.</summary>
    Single,
    /// <summary>Tasks planned from the previous stage's results.</summary>
    FanOut,
    /// <summary>One task, planned by the engine, that receives all of the previous stage's results.</summary>
    FanIn,
}
