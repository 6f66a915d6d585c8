using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Jobs.HelloWorld;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Core.Tests.Registry;

public sealed class JobRegistryBuiltInTests
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);

    [Fact]
    public void FromAssemblies_BuiltInJobs_FindsHelloWorldWithItsThreeStages()
    {
        var job = Registry.GetJob("hello_world");

        Assert.IsType<HelloWorldJob>(job);
        Assert.Equal("hello_world", job.Name);
        Assert.False(string.IsNullOrWhiteSpace(job.Description));
        Assert.Collection(job.StageList,
            s => Assert.Equal(("greet", "hello_world_greeting", StageKind.Single), (s.Name, s.TaskType, s.Kind)),
            s => Assert.Equal(("reply", "hello_world_reply", StageKind.FanOut), (s.Name, s.TaskType, s.Kind)),
            s => Assert.Equal(("summarize", "hello_world_summary", StageKind.FanIn), (s.Name, s.TaskType, s.Kind)));
    }

    [Fact]
    public void FromAssemblies_BuiltInJobs_RegistersAHandlerForEveryStage()
    {
        var job = Registry.GetJob("hello_world");

        foreach (var stage in job.StageList)
        {
            var handler = Registry.GetHandler(stage.TaskType);
            Assert.Equal(stage.TaskType, handler.TaskType);
            Assert.Equal(3, handler.MaxAttempts);
        }
        Assert.IsType<GreetingHandler>(Registry.GetHandler("hello_world_greeting").Handler);
    }

    [Fact]
    public void FromAssemblies_SameAssemblyTwice_IsScannedOnce()
    {
        var registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly, BuiltInJobs.Assembly);

        Assert.Contains(registry.JobTypes, j => j.Name == "hello_world");
    }

    [Fact]
    public void TryGetJob_UnknownName_ReturnsFalse()
    {
        Assert.False(Registry.TryGetJob("goodbye_world", out _));
        Assert.True(Registry.TryGetJob("hello_world", out var job));
        Assert.Equal("hello_world", job.Name);
    }

    [Fact]
    public void GetHandler_UnknownTaskType_ThrowsContractViolationNamingIt()
    {
        var error = Assert.Throws<ContractViolationException>(() => Registry.GetHandler("no_such_task"));

        Assert.Contains("'no_such_task'", error.Message);
    }
}
