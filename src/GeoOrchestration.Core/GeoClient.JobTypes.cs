using GeoOrchestration.Errors;
using GeoOrchestration.Registry;

namespace GeoOrchestration;

public sealed partial class GeoClient
{
    // A client made by WithRegistry shares its parent's store (and pool) and transport, and must not close them.
    private bool _ownsStore = true;

    /// <summary>The registered job types with their stages and parameter schemas, by name.</summary>
    /// <returns>Every job type this client knows, ordered by name.</returns>
    public IReadOnlyList<JobTypeInfo> GetJobTypes() => DescribeJobTypes(Registry);

    /// <summary>The job types of a registry, by name, without a client (and so without a store): for front ends that list them offline.</summary>
    /// <param name="registry">The registry to describe.</param>
    /// <returns>Its job types, ordered by name.</returns>
    public static IReadOnlyList<JobTypeInfo> DescribeJobTypes(JobRegistry registry) =>
        registry.JobTypes.OrderBy(j => j.Name, StringComparer.Ordinal).Select(j => JobTypeInfo.From(j, registry)).ToList();

    /// <summary>One registered job type.</summary>
    /// <exception cref="GeoValidationException">No job type has that name (rule <c>unknown</c>, listing the known ones).</exception>
    /// <param name="name">The job type's exact name.</param>
    /// <returns>Its stages, parameters and default timeouts.</returns>
    public JobTypeInfo GetJobType(string name) => JobTypeInfo.From(Registry.GetJob(name), Registry);

    /// <summary>
    /// A client on the same store (and connection pool) and transport that knows the job types and handlers of
    /// <paramref name="registry"/>, e.g. built-in ones plus a worker's plug-in assemblies. Disposing
    /// it leaves the store and transport open for this client.
    /// </summary>
    /// <param name="registry">The job types the new client knows.</param>
    /// <returns>A client sharing this one's store; dispose it as any client.</returns>
    public GeoClient WithRegistry(JobRegistry registry) => new(Store, registry, Time, _loggers, Transport) { _ownsStore = false };
}
