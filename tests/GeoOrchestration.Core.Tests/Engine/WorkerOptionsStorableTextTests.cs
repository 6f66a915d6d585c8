using GeoOrchestration.Engine;
using GeoOrchestration.Errors;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Core.Tests.Engine;

/// <summary>The worker id is stored as the lease owner of everything a worker claims: it must be text a store can hold.</summary>
public sealed class WorkerOptionsStorableTextTests
{
    [Fact]
    public void Worker_IdHoldingNul_IsRefusedBeforeTheStoreIsUsed()
    {
        var error = Assert.Throws<GeoValidationException>(() =>
            new Worker(JobRegistry.FromTypes([]), store: null!, new WorkerOptions { WorkerId = "host:1\0" }));

        Assert.Equal(("worker_id", "storable_text"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public void Worker_IdHoldingALoneSurrogate_IsRefused()
    {
        var error = Assert.Throws<GeoValidationException>(() =>
            new Worker(JobRegistry.FromTypes([]), store: null!, new WorkerOptions { WorkerId = "host\ud800" }));

        Assert.Equal("worker_id", error.Errors[0].Field);
    }
}
