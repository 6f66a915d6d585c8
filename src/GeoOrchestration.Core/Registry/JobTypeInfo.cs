using GeoOrchestration.Definitions;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Registry;

/// <summary>What a user may know about a registered job type: its stages, parameters and default timeouts.</summary>
/// <param name="Name">The job type's name, as users submit it.</param>
/// <param name="Description">One sentence; empty when none was given.</param>
/// <param name="Stages">Every stage the job type can run, in order.</param>
/// <param name="Parameters">Its parameters with their rules, in declaration order.</param>
/// <param name="TaskTimeout">Default limit of one task attempt; null for none.</param>
/// <param name="JobTimeout">Default limit of a whole job from submission; null for none.</param>
public sealed record JobTypeInfo(string Name, string Description, IReadOnlyList<JobStageInfo> Stages,
    IReadOnlyList<ParameterSpec> Parameters, TimeSpan? TaskTimeout, TimeSpan? JobTimeout)
{
    internal static JobTypeInfo From(JobDefinition job, JobRegistry registry) => new(
        job.Name, job.Description,
        job.StageList.Select((s, i) => new JobStageInfo(i + 1, s.Name, s.KindName, s.TaskType, registry.GetHandler(s.TaskType).MaxAttempts)).ToList(),
        job.Schema.Parameters, job.TaskTimeout, job.JobTimeout);
}

/// <summary>One stage of a job type.</summary>
/// <param name="Number">1-based position.</param>
/// <param name="Name">The stage's name.</param>
/// <param name="TaskType">The task type its tasks run.</param>
/// <param name="Kind"><c>single</c>, <c>fan_out</c> or <c>fan_in</c>.</param>
/// <param name="MaxAttempts">Attempts per task before it fails for good (the handler's setting).</param>
public sealed record JobStageInfo(int Number, string Name, string Kind, string TaskType, int MaxAttempts);
