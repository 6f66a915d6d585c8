using System.Text.Json.Nodes;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Definitions;

/// <summary>
/// The engine's untyped view of a job type. Write job types by deriving from
/// <see cref="JobDefinition{TParameters}"/> and marking the class with <see cref="JobTypeAttribute"/>.
/// </summary>
public abstract class JobDefinition
{
    private protected JobDefinition() { }

    /// <summary>The job type's name, as users submit it (from <see cref="JobTypeAttribute.Name"/>).</summary>
    public string Name { get; internal set; } = "";
    /// <summary>One sentence describing the job type (from <see cref="JobTypeAttribute.Description"/>); empty when none was given.</summary>
    public string Description { get; internal set; } = "";

    /// <summary>Every stage the job type can run (what the registry checks handlers for).</summary>
    public abstract IReadOnlyList<StageDefinition> StageList { get; }
    /// <summary>The parameters the job type takes, with their rules: read from the parameters class's attributes.</summary>
    public abstract ParameterSchema Schema { get; }

    /// <summary>How long one task attempt may run before it fails; null (the default) for no limit. Overridable at submit.</summary>
    public virtual TimeSpan? TaskTimeout => null;

    /// <summary>How long a whole job may take from submission; null (the default) for no limit. Overridable at submit.</summary>
    public virtual TimeSpan? JobTimeout => null;

    /// <summary>The stages one job with these (validated) parameters runs.</summary>
    internal abstract IReadOnlyList<StageDefinition> StagesOf(JsonObject parameters);

    internal abstract IEnumerable<TaskPlan> Plan(int stage, JsonObject parameters, StageResults previous);

    /// <summary>The job type's own checks of (schema-valid) parameters: every broken rule, empty when none.</summary>
    internal abstract IReadOnlyList<Errors.ValidationError> Check(JsonObject parameters);

    /// <summary>The fields a fan-in stage's task gets besides the results; null when it gets none.</summary>
    internal abstract JsonObject? FanInFields(int stage, JsonObject parameters);

    /// <summary>How many failed tasks a stage of a job with these parameters tolerates.</summary>
    internal abstract StageTolerance ToleranceOf(int stage, JsonObject parameters);
    internal abstract JsonNode? Summarise(JsonObject parameters, IReadOnlyList<StageResults> results);

    /// <summary>Whether this job type summarises from its tasks' results (it overrides Finalize) or only from their numbers.</summary>
    internal abstract bool SummaryReadsResults { get; }
}

/// <summary>
/// A job type with a typed parameters class. Declare <see cref="Stages"/> with
/// <see cref="Single"/>, <see cref="FanOut"/> and <c>FanIn</c>; override
/// <see cref="Finalize"/> to shape the job's result.
/// </summary>
public abstract class JobDefinition<TParameters> : JobDefinition where TParameters : class, new()
{
    /// <summary>The stages in the order they run; stage numbers are positions, starting at 1.</summary>
    public abstract IReadOnlyList<StageDefinition<TParameters>> Stages { get; }

    /// <inheritdoc/>
    public sealed override IReadOnlyList<StageDefinition> StageList => Stages;

    /// <summary>
    /// The stages a job with these parameters runs: all of <see cref="Stages"/> unless overridden.
    /// Override to let a parameter choose how many stages run; return a prefix of <see cref="Stages"/>.
    /// </summary>
    /// <returns>A non-empty prefix of <see cref="Stages"/>; anything else fails the job as a contract violation.</returns>
    protected virtual IReadOnlyList<StageDefinition<TParameters>> StagesFor(TParameters parameters) => Stages;

    internal sealed override IReadOnlyList<StageDefinition> StagesOf(JsonObject parameters)
    {
        var stages = StagesFor(Bind(parameters));
        if (stages.Count == 0 || stages.Count > Stages.Count || stages.Where((s, i) => !ReferenceEquals(s, Stages[i])).Any())
            throw new Errors.ContractViolationException($"Job type '{Name}': StagesFor must return a non-empty prefix of Stages.");
        return stages;
    }

    /// <inheritdoc/>
    public sealed override ParameterSchema Schema => ParameterSchema.For(typeof(TParameters));

    /// <summary>
    /// Summarises a finished job from all stages' results (index 0 is stage 1). The default reports
    /// the number of stages and tasks, and does not read the results (a job type that overrides this
    /// has every result read into memory at finalize).
    /// </summary>
    /// <returns>The job's result; null for none. A throwing Finalize ends the job <c>completed_with_errors</c> with a fallback result.</returns>
    protected virtual JsonNode? Finalize(TParameters parameters, IReadOnlyList<StageResults> results) => new JsonObject
    {
        ["job_type"] = Name,
        ["stages"] = results.Count,
        ["tasks"] = results.Sum(r => r.Count),
    };

    internal sealed override IEnumerable<TaskPlan> Plan(int stage, JsonObject parameters, StageResults previous)
    {
        var bound = Bind(parameters);
        var planner = StagesFor(bound)[stage - 1].Planner
            ?? throw new InvalidOperationException($"Stage {stage} of {Name} is planned by the engine.");
        // Lazy on purpose: the store streams the plan into the database as it is produced.
        return planner(bound, previous);
    }

    /// <summary>
    /// Checks that go beyond the rules the parameters class declares (a file that must exist, two
    /// paths that must not overlap, a code an external tool must know), run at submit before
    /// anything is written, in the same round as those rules, so one refusal names every broken
    /// rule. Return every broken rule, each naming its field; throw
    /// <see cref="Errors.GeoConfigurationException"/> for a setup problem no input can fix. A
    /// parameter that broke a declared rule holds its class default here, and what is returned for
    /// it (field <c>name</c> or <c>name[i]</c>) is left out, as is an exception thrown then (see
    /// <see cref="SubmissionChecks"/>). The default checks nothing.
    /// </summary>
    /// <returns>Every broken rule; empty when the parameters pass.</returns>
    /// <exception cref="Errors.GeoConfigurationException">A setup problem (a tool missing) that no input can fix.</exception>
    protected virtual IEnumerable<Errors.ValidationError> Validate(TParameters parameters) => [];

    internal sealed override IReadOnlyList<Errors.ValidationError> Check(JsonObject parameters) => Validate(Bind(parameters)).ToList();

    internal sealed override JsonObject? FanInFields(int stage, JsonObject parameters)
    {
        var bound = Bind(parameters);
        return StagesFor(bound)[stage - 1].FanInFields is { } fields ? TaskPlan.Create("fan_in", fields(bound)).Parameters : null;
    }

    internal sealed override StageTolerance ToleranceOf(int stage, JsonObject parameters)
    {
        var bound = Bind(parameters);
        return StagesFor(bound)[stage - 1].Tolerance is { } tolerance ? tolerance(bound) : StageTolerance.None;
    }

    internal sealed override bool SummaryReadsResults =>
        GetType().GetMethod(nameof(Finalize), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic,
            [typeof(TParameters), typeof(IReadOnlyList<StageResults>)])!.DeclaringType != typeof(JobDefinition<TParameters>);

    internal sealed override JsonNode? Summarise(JsonObject parameters, IReadOnlyList<StageResults> results) =>
        Finalize(Bind(parameters), results);

    private TParameters Bind(JsonObject parameters) => (TParameters)ParameterBinder.Bind(Schema, parameters);

    /// <summary>A stage whose tasks are planned from the job's parameters alone.</summary>
    /// <param name="name">The stage's name, for progress and logs.</param>
    /// <param name="taskType">The task type its tasks run; a handler for it must be registered.</param>
    /// <param name="planner">The stage's tasks for a job's parameters; enumerated lazily, as the store writes them. Task keys must be unique within the stage.</param>
    /// <returns>The stage, to list in <see cref="Stages"/> (and, if it tolerates failures, to call <see cref="StageDefinition{TParameters}.Tolerating"/> on).</returns>
    protected static StageDefinition<TParameters> Single(string name, string taskType,
        Func<TParameters, IEnumerable<TaskPlan>> planner) =>
        new(name, taskType, StageKind.Single, (p, _) => planner(p));

    /// <summary>A stage whose tasks are planned from the previous stage's results (and the job's parameters).</summary>
    /// <param name="name">The stage's name, for progress and logs.</param>
    /// <param name="taskType">The task type its tasks run; a handler for it must be registered.</param>
    /// <param name="planner">The stage's tasks for a job's parameters and the previous stage's results (with its tolerated failures); enumerated lazily. Task keys must be unique within the stage.
    /// The results are a stream read from the store page by page as the planner enumerates them: enumerate them (only the first page can be indexed, see <see cref="StageResults"/>).</param>
    /// <returns>The stage, to list in <see cref="Stages"/>.</returns>
    protected static StageDefinition<TParameters> FanOut(string name, string taskType,
        Func<TParameters, StageResults, IEnumerable<TaskPlan>> planner) =>
        new(name, taskType, StageKind.FanOut, planner);

    /// <summary>A stage of one task, planned by the engine, that receives all of the previous stage's results (<see cref="TaskContext.FanInResults"/>) and failures.</summary>
    /// <param name="name">The stage's name, for progress and logs.</param>
    /// <param name="taskType">The task type of its one task; a handler for it must be registered.</param>
    /// <returns>The stage, to list in <see cref="Stages"/>.</returns>
    protected static StageDefinition<TParameters> FanIn(string name, string taskType) =>
        new(name, taskType, StageKind.FanIn, null);

    /// <summary>
    /// A fan-in stage whose task also gets <paramref name="fields"/> (an object whose properties become
    /// snake_case fields, read with <see cref="TaskContext.Input"/>) beside the results: what the
    /// job's parameters say the summarising task needs, such as where to write.
    /// </summary>
    /// <param name="name">The stage's name, for progress and logs.</param>
    /// <param name="taskType">The task type of its one task; a handler for it must be registered.</param>
    /// <param name="fields">The extra fields for a job's parameters; a field named like the engine's own (<c>results</c>, <c>failures</c>) fails the job.</param>
    /// <returns>The stage, to list in <see cref="Stages"/>.</returns>
    protected static StageDefinition<TParameters> FanIn(string name, string taskType, Func<TParameters, object> fields) =>
        new(name, taskType, StageKind.FanIn, null) { FanInFields = fields };
}
