using GeoOrchestration.Core.Tests.Registry.Fixtures;
using GeoOrchestration.Core.Tests.Support;
using GeoOrchestration.Errors;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Core.Tests.Registry;

/// <summary>A broken deployment fails at start-up with a message naming what is wrong.</summary>
public sealed class JobRegistryRefusalTests
{
    private static GeoConfigurationException Refuse(params Type[] types) =>
        Assert.Throws<GeoConfigurationException>(() => JobRegistry.FromTypes(types, "Fixtures"));

    [Fact]
    public void FromAssemblies_FixtureJobWithItsHandler_Registers()
    {
        var registry = JobRegistry.FromTypes([typeof(FixtureJob), typeof(FixtureTaskHandler)], "Fixtures");

        Assert.Equal("fixture_job", Assert.Single(registry.JobTypes).Name);
        Assert.Equal(5, registry.GetHandler("fixture_task").MaxAttempts);
    }

    [Fact]
    public void FromAssemblies_StageTaskTypeWithoutHandler_NamesJobStageAndTaskType()
    {
        var error = Refuse(typeof(OrphanStageJob), typeof(FixtureTaskHandler));

        Assert.Contains("'orphan_stage_job'", error.Message);
        Assert.Contains("stage 2 'lost'", error.Message);
        Assert.Contains("'no_such_task'", error.Message);
        Assert.Contains("Fixtures", error.Message);
    }

    [Fact]
    public void FromAssemblies_TwoHandlersForOneTaskType_NamesBothClasses()
    {
        var error = Refuse(typeof(FirstClaimHandler), typeof(SecondClaimHandler));

        Assert.Contains("'claimed_twice'", error.Message);
        Assert.Contains(typeof(FirstClaimHandler).FullName!, error.Message);
        Assert.Contains(typeof(SecondClaimHandler).FullName!, error.Message);
    }

    [Fact]
    public void FromAssemblies_FirstStageFanOut_IsRefused()
    {
        var error = Refuse(typeof(FanOutFirstJob), typeof(FixtureTaskHandler));

        Assert.Contains("'fan_out_first_job' stage 1", error.Message);
        Assert.Contains("fan_out", error.Message);
    }

    [Fact]
    public void FromAssemblies_FirstStageFanIn_IsRefused()
    {
        var error = Refuse(typeof(FanInFirstJob), typeof(FixtureTaskHandler));

        Assert.Contains("'fan_in_first_job' stage 1", error.Message);
        Assert.Contains("fan_in", error.Message);
    }

    [Fact]
    public void FromAssemblies_TwoStagesWithOneName_IsRefused()
    {
        var error = Refuse(typeof(SameStageNamesJob), typeof(FixtureTaskHandler));

        Assert.Contains("'same_stage_names_job' has two stages named 'step'", error.Message);
    }

    [Fact]
    public void FromAssemblies_JobWithoutStages_IsRefused()
    {
        var error = Refuse(typeof(NoStagesJob));

        Assert.Contains("'no_stages_job' declares no stages", error.Message);
    }

    [Fact]
    public void FromAssemblies_JobTypeNameDeclaredTwice_NamesBothClasses()
    {
        var error = Refuse(typeof(FixtureJob), typeof(FixtureJobTwin), typeof(FixtureTaskHandler));

        Assert.Contains("'fixture_job' is declared twice", error.Message);
        Assert.Contains(typeof(FixtureJobTwin).FullName!, error.Message);
    }

    [Fact]
    public void FromAssemblies_JobTypeNotDerivedFromJobDefinition_IsRefused()
    {
        var error = Refuse(typeof(NotAJob));

        Assert.Contains(typeof(NotAJob).FullName!, error.Message);
        Assert.Contains("JobDefinition", error.Message);
    }

    [Fact]
    public void FromAssemblies_HandlerNotImplementingInterface_IsRefused()
    {
        var error = Refuse(typeof(NotAHandler));

        Assert.Contains(typeof(NotAHandler).FullName!, error.Message);
        Assert.Contains("ITaskHandler", error.Message);
    }

    [Fact]
    public void FromAssemblies_HandlerWithZeroMaxAttempts_IsRefused()
    {
        var error = Refuse(typeof(ZeroAttemptsHandler));

        Assert.Contains(typeof(ZeroAttemptsHandler).FullName!, error.Message);
        Assert.Contains("MaxAttempts", error.Message);
    }
}
