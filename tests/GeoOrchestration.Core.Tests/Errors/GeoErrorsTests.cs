using GeoOrchestration.Errors;

namespace GeoOrchestration.Core.Tests.Errors;

/// <summary>Every engine exception has a category and a stable PascalCase id that the front ends share.</summary>
public sealed class GeoErrorsTests
{
    public static TheoryData<GeoException, GeoErrorCategory, string> EngineExceptions => new()
    {
        { new GeoValidationException("f", "r", "m"), GeoErrorCategory.Validation, "InvalidInput" },
        { new GeoNotFoundException("Job", "abc"), GeoErrorCategory.NotFound, "NotFound" },
        { new GeoConflictException(GeoConflictException.JobStatusId, "m", "abc"), GeoErrorCategory.Conflict, "JobStatusConflict" },
        { new GeoConfigurationException("m"), GeoErrorCategory.Configuration, "InvalidConfiguration" },
        { new GeoConfigurationException(GeoConfigurationException.SchemaNotDeployedId, "m"), GeoErrorCategory.Configuration, "SchemaNotDeployed" },
        { new GeoStoreUnavailableException("m"), GeoErrorCategory.Unavailable, "StoreUnavailable" },
        { new GeoTransportUnavailableException("m"), GeoErrorCategory.Unavailable, "TransportUnavailable" },
        { new GeoTimeoutException("m"), GeoErrorCategory.Timeout, "WaitTimeout" },
        { new JobInterruptedException("m", "abc"), GeoErrorCategory.Cancelled, "JobInterrupted" },
        { new ContractViolationException("m"), GeoErrorCategory.Permanent, "ContractViolation" },
        { new PermanentTaskException("m"), GeoErrorCategory.Permanent, "PermanentTaskFailure" },
        { new TransientTaskException("m"), GeoErrorCategory.Transient, "TransientTaskFailure" },
    };

    [Theory]
    [MemberData(nameof(EngineExceptions))]
    public void EngineException_HasItsCategoryAndStableId(GeoException exception, GeoErrorCategory category, string id)
    {
        Assert.Equal((category, id), (GeoErrors.CategoryOf(exception), GeoErrors.ErrorIdOf(exception)));
        Assert.Matches("^[A-Z][A-Za-z]+$", exception.ErrorId);
    }

    [Fact]
    public void EveryEngineExceptionType_IsCoveredAbove()
    {
        // A new exception type must be given a category deliberately (and listed here).
        var covered = EngineExceptions.Select(row => row[0].GetType()).ToHashSet();
        var declared = typeof(GeoException).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(GeoException)) && !t.IsAbstract && t.IsPublic);

        Assert.All(declared, t => Assert.Contains(t, covered));
    }

    [Fact]
    public void OtherExceptions_AreInternalOrCancelled()
    {
        Assert.Equal((GeoErrorCategory.Internal, "Unexpected"),
            (GeoErrors.CategoryOf(new InvalidOperationException()), GeoErrors.ErrorIdOf(new InvalidOperationException())));
        Assert.Equal((GeoErrorCategory.Cancelled, "Cancelled"),
            (GeoErrors.CategoryOf(new TaskCanceledException()), GeoErrors.ErrorIdOf(new TaskCanceledException())));
    }

    [Fact]
    public void CategoryName_EveryCategory_IsSnakeCase()
    {
        Assert.All(Enum.GetValues<GeoErrorCategory>(), c => Assert.Matches("^[a-z_]+$", GeoErrors.CategoryName(c)));
        Assert.Equal("not_found", GeoErrors.CategoryName(GeoErrorCategory.NotFound));
    }
}
