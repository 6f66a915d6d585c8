using GeoOrchestration.Core.Tests.Registry.Fixtures;
using GeoOrchestration.Errors;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Core.Tests.Registry;

/// <summary>Job type and task type names are stored with every job and task: a name no store can hold is a start-up error.</summary>
public sealed class JobRegistryStorableNameTests
{
    [Fact]
    public void FromTypes_JobTypeNameWithNul_IsRefusedNamingTheClass()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => JobRegistry.FromTypes([typeof(NulNameJob), typeof(FixtureTaskHandler)], "Fixtures"));

        Assert.Contains(typeof(NulNameJob).FullName!, error.Message);
        Assert.Contains("nul\\u0000job", error.Message);
    }

    [Fact]
    public void FromTypes_JobTypeNameLongerThanAStoreKeeps_IsRefused()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => JobRegistry.FromTypes([typeof(OverlongNameJob), typeof(FixtureTaskHandler)], "Fixtures"));

        Assert.Contains("1 to 128 characters", error.Message);
    }

    [Fact]
    public void FromTypes_TaskTypeWithNul_IsRefusedNamingTheStage()
    {
        var error = Assert.Throws<GeoConfigurationException>(() => JobRegistry.FromTypes([typeof(NulTaskTypeJob), typeof(NulTaskTypeHandler)], "Fixtures"));

        Assert.Contains("'nul_task_type_job' stage 1", error.Message);
        Assert.Contains("nul\\u0000task", error.Message);
    }
}
