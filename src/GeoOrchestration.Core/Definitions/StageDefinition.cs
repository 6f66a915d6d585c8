namespace GeoOrchestration.Definitions;

/// <summary>A stage as the engine and users see it: its name, kind and the task type it runs.</summary>
public abstract class StageDefinition
{
    private protected StageDefinition(string name, string taskType, StageKind kind)
    {
        Name = name;
        TaskType = taskType;
        Kind = kind;
    }

    /// <summary>The stage's name, for progress and logs.</summary>
    public string Name { get; }
    /// <summary>The task type every task of the stage runs.</summary>
    public string TaskType { get; }
    /// <summary>How the stage's tasks are planned.</summary>
    public StageKind Kind { get; }

    /// <summary>The kind as users see it: <c>single</c>, <c>fan_out</c> or <c>fan_in</c>.</summary>
    public string KindName => Kind switch
    {
        StageKind.Single => "single",
        StageKind.FanOut => "fan_out",
        StageKind.FanIn => "fan_in",
        _ => Kind.ToString(),
    };
}

/// <summary>A stage together with the planner that turns typed parameters (and previous results) into tasks.</summary>
public sealed class StageDefinition<TParameters> : StageDefinition
{
    internal StageDefinition(string name, string taskType, StageKind kind,
        Func<TParameters, StageResults, IEnumerable<TaskPlan>>? planner)
        : base(name, taskType, kind) => Planner = planner;

    /// <summary>Null for <see cref="StageKind.FanIn"/>, whose single task the engine plans.</summary>
    internal Func<TParameters, StageResults, IEnumerable<TaskPlan>>? Planner { get; }

    /// <summary>For <see cref="StageKind.FanIn"/>: what its task gets besides the results; null for nothing.</summary>
    internal Func<TParameters, object>? FanInFields { get; init; }

    /// <summary>How many failed tasks the stage tolerates for a job's parameters; null for none.</summary>
    internal Func<TParameters, StageTolerance>? Tolerance { get; init; }

    /// <summary>
    /// This stage, tolerating as many failed tasks as <paramref name="tolerance"/> says for a job's
    /// parameters (such as a <c>max_failed_files</c> parameter): see <see cref="StageTolerance"/>.
    /// </summary>
    /// <param name="tolerance">The tolerance for a job's parameters, resolved against the stage's task count when it is planned.</param>
    /// <returns>A copy of this stage with the tolerance; this one is unchanged.</returns>
    public StageDefinition<TParameters> Tolerating(Func<TParameters, StageTolerance> tolerance) =>
        new(Name, TaskType, Kind, Planner) { FanInFields = FanInFields, Tolerance = tolerance };
}
