using System.Reflection;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Registry;

/// <summary>
/// The job types and task handlers found in a set of assemblies. Building it checks that every
/// stage's task type has exactly one handler, so a broken deployment fails at start-up with a
/// message naming both sides, rather than mid-job.
/// </summary>
public sealed class JobRegistry
{
    private readonly Dictionary<string, JobDefinition> _jobs;
    private readonly Dictionary<string, RegisteredHandler> _handlers;

    private JobRegistry(Dictionary<string, JobDefinition> jobs, Dictionary<string, RegisteredHandler> handlers)
    {
        _jobs = jobs;
        _handlers = handlers;
    }

    /// <summary>Every registered job type, in no particular order.</summary>
    public IReadOnlyCollection<JobDefinition> JobTypes => _jobs.Values;

    /// <summary>Registers every job type (<see cref="JobTypeAttribute"/>) and handler (<see cref="TaskHandlerAttribute"/>) found in the assemblies.</summary>
    /// <param name="assemblies">Where to look (e.g. <c>BuiltInJobs.Assembly</c> and plug-ins); types that cannot load are skipped.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="GeoConfigurationException">A registration is broken: a stage names a task type without a handler, a task type has two handlers or a job type two classes, a marked class has the wrong base type or no public parameterless constructor, a job type breaks the definition rules; the message names both sides.</exception>
    public static JobRegistry FromAssemblies(params Assembly[] assemblies) =>
        FromTypes(assemblies.Distinct().SelectMany(LoadableTypes), string.Join(", ", assemblies.Select(a => a.GetName().Name)));

    /// <summary>Registers exactly the given types; <paramref name="source"/> names them in error messages.</summary>
    /// <param name="types">The candidate types; those without either attribute are ignored.</param>
    /// <param name="source">How error messages name where the types came from.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="GeoConfigurationException">A registration is broken (see <see cref="FromAssemblies"/>).</exception>
    public static JobRegistry FromTypes(IEnumerable<Type> types, string source = "the given types")
    {
        var jobs = new Dictionary<string, JobDefinition>(StringComparer.Ordinal);
        var handlers = new Dictionary<string, RegisteredHandler>(StringComparer.Ordinal);
        var handlerSources = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in types.Distinct().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            if (type.GetCustomAttribute<JobTypeAttribute>() is { } jobAttribute)
                AddJob(jobs, type, jobAttribute);
            if (type.GetCustomAttribute<TaskHandlerAttribute>() is { } handlerAttribute)
            {
                if (!typeof(ITaskHandler).IsAssignableFrom(type))
                    throw new GeoConfigurationException($"{type.FullName} is marked [TaskHandler(\"{handlerAttribute.TaskType}\")] but does not implement ITaskHandler.");
                if (handlerSources.TryGetValue(handlerAttribute.TaskType, out var other))
                    throw new GeoConfigurationException($"Task type '{handlerAttribute.TaskType}' has two handlers: {other.FullName} and {type.FullName}.");
                if (handlerAttribute.MaxAttempts < 1)
                    throw new GeoConfigurationException($"{type.FullName}: MaxAttempts must be at least 1.");
                handlerSources[handlerAttribute.TaskType] = type;
                handlers[handlerAttribute.TaskType] = new RegisteredHandler(
                    handlerAttribute.TaskType, (ITaskHandler)Create(type), handlerAttribute.MaxAttempts);
            }
        }
        foreach (var job in jobs.Values)
            foreach (var (stage, number) in job.StageList.Select((s, i) => (s, i + 1)))
                if (!handlers.ContainsKey(stage.TaskType))
                    throw new GeoConfigurationException(
                        $"Job type '{job.Name}' stage {number} '{stage.Name}' names task type '{stage.TaskType}', " +
                        $"but no class marked [TaskHandler(\"{stage.TaskType}\")] was found in {source}.");
        return new JobRegistry(jobs, handlers);
    }

    /// <summary>Looks a job type up by its exact name.</summary>
    /// <param name="name">The job type's name (case-sensitive).</param>
    /// <param name="job">The job type, when found.</param>
    /// <returns>True when it is registered.</returns>
    public bool TryGetJob(string name, out JobDefinition job) => _jobs.TryGetValue(name, out job!);

    /// <summary>The job type, or a validation error that lists the known types.</summary>
    /// <param name="name">The job type's name, as a user gave it.</param>
    /// <returns>The registered job type.</returns>
    /// <exception cref="GeoValidationException">The name is empty (rule <c>required</c>) or names no registered job type (rule <c>unknown</c>, listing the known ones).</exception>
    public JobDefinition GetJob(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new GeoValidationException("job_type", "required", "'job_type' is required.");
        if (_jobs.TryGetValue(name, out var job)) return job;
        var known = _jobs.Count == 0 ? "none are registered" : "known: " + string.Join(", ", _jobs.Keys.Order(StringComparer.Ordinal));
        throw new GeoValidationException("job_type", "unknown", $"'job_type' must name a registered job type; '{name}' is not one ({known}).");
    }

    /// <summary>The handler of a task type.</summary>
    /// <param name="taskType">The task type a stage names.</param>
    /// <returns>The handler with its settings.</returns>
    /// <exception cref="ContractViolationException">No handler is registered for it (a registry built from these types cannot have such a stage).</exception>
    public RegisteredHandler GetHandler(string taskType) =>
        _handlers.TryGetValue(taskType, out var handler)
            ? handler
            : throw new ContractViolationException($"No handler is registered for task type '{taskType}'.");

    private static void AddJob(Dictionary<string, JobDefinition> jobs, Type type, JobTypeAttribute attribute)
    {
        if (!typeof(JobDefinition).IsAssignableFrom(type))
            throw new GeoConfigurationException($"{type.FullName} is marked [JobType(\"{attribute.Name}\")] but does not derive from JobDefinition<TParameters>.");
        if (jobs.TryGetValue(attribute.Name, out var existing))
            throw new GeoConfigurationException($"Job type '{attribute.Name}' is declared twice: {existing.GetType().FullName} and {type.FullName}.");
        var job = (JobDefinition)Create(type);
        job.Name = attribute.Name;
        job.Description = attribute.Description;
        JobDefinitionRules.Check(job);
        jobs[attribute.Name] = job;
    }

    private static object Create(Type type)
    {
        try
        {
            return Activator.CreateInstance(type)
                ?? throw new GeoConfigurationException($"Could not create {type.FullName}.");
        }
        catch (MissingMethodException e)
        {
            throw new GeoConfigurationException($"{type.FullName} needs a public parameterless constructor.", e);
        }
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t is not null)!; }
    }
}
