using System.Reflection;

namespace GeoOrchestration.Jobs;

/// <summary>The assembly that holds the built-in job types and handlers, for registry discovery.</summary>
public static class BuiltInJobs
{
    public static Assembly Assembly => typeof(BuiltInJobs).Assembly;
}
