using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Registry;

/// <summary>The shape rules every job type must follow, checked once at start-up.</summary>
internal static class JobDefinitionRules
{
    public const int MaxStages = 100;

    /// <summary>The longest job type name a store keeps.</summary>
    public const int MaxNameLength = 128;

    public static void Check(JobDefinition job)
    {
        var stages = job.StageList;
        string Where(int n) => $"Job type '{job.Name}' stage {n}";
        // Names are stored with every job and task: a name no store can hold would fail each submission.
        if (job.Name.Length is 0 or > MaxNameLength || !StorableText.IsStorable(job.Name))
            throw new GeoConfigurationException(
                $"{job.GetType().FullName}: job type name '{StorableText.Escape(job.Name)}' must be 1 to {MaxNameLength} characters, without NUL or lone surrogates.");
        if (stages.Count == 0) throw new GeoConfigurationException($"Job type '{job.Name}' declares no stages.");
        if (stages.Count > MaxStages) throw new GeoConfigurationException($"Job type '{job.Name}' declares {stages.Count} stages; at most {MaxStages} are supported.");
        if (stages[0].Kind != StageKind.Single)
            throw new GeoConfigurationException($"{Where(1)} is {stages[0].KindName}, but a first stage has no previous results: it must be single.");
        var duplicate = stages.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new GeoConfigurationException($"Job type '{job.Name}' has two stages named '{duplicate.Key}'.");
        for (var i = 0; i < stages.Count; i++)
            if (string.IsNullOrWhiteSpace(stages[i].Name) || string.IsNullOrWhiteSpace(stages[i].TaskType))
                throw new GeoConfigurationException($"{Where(i + 1)} needs a name and a task type.");
            else if (!StorableText.IsStorable(stages[i].TaskType))
                throw new GeoConfigurationException($"{Where(i + 1)} names task type '{StorableText.Escape(stages[i].TaskType)}', which holds a NUL or a lone surrogate.");
        _ = job.Schema; // builds, and so checks, the parameters class
    }
}
