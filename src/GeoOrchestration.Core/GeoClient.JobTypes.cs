using GeoOrchestration.Errors;
using GeoOrchestration.Registry;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    // A client made by WithRegistry shares its parent's store (and pool) and must not close it.
    private bool _ownsStore = true;

    /// <summary>The registered job types with their stages and parameter schemas, by name.</summary>
    public IReadOnlyList<JobTypeInfo> GetJobTypes() => DescribeJobTypes(Registry);

    /// <summary>The job types of a registry, by name, without a client (and so without a store): for front ends that list them offline.</summary>
    public static IReadOnlyList<JobTypeInfo> DescribeJobTypes(JobRegistry registry) =>
        registry.JobTypes.OrderBy(j => j.Name, StringComparer.Ordinal).Select(j => JobTypeInfo.From(j, registry)).ToList();

    /// <summary>One registered job type.</summary>
    /// <exception cref="GeoValidationException">No job type has that name (rule <c>unknown</c>, listing the known ones).</exception>
    public JobTypeInfo GetJobType(string name) => JobTypeInfo.From(Registry.GetJob(name), Registry);

    /// <summary>
    /// A client on the same store (and connection pool) that knows the job types and handlers of
    /// <paramref name="registry"/>, e.g. built-in ones plus a worker's plug-in assemblies. Disposing
    /// it leaves the store open for this client.
    /// </summary>
    public GeoClient WithRegistry(JobRegistry registry) => new(Store, registry, Time, _loggers) { _ownsStore = false };
}
