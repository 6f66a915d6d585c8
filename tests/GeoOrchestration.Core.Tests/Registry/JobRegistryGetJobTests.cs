using GeoOrchestration.Errors;
using GeoOrchestration.Jobs;
using GeoOrchestration.Registry;

namespace GeoOrchestration.Core.Tests.Registry;

public sealed class JobRegistryGetJobTests
{
    private static readonly JobRegistry Registry = JobRegistry.FromAssemblies(BuiltInJobs.Assembly);

    [Fact]
    public void GetJob_UnknownName_ThrowsValidationListingKnownTypes()
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => Registry.GetJob("goodbye_world")).Errors);

        Assert.Equal("job_type", error.Field);
        Assert.Equal("unknown", error.Rule);
        Assert.Contains("'goodbye_world'", error.Message);
        Assert.Contains("known: blob_inventory, hello_world", error.Message);
    }

    [Fact]
    public void GetJob_NameDiffersOnlyInCase_IsUnknown()
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => Registry.GetJob("Hello_World")).Errors);

        Assert.Equal("unknown", error.Rule);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void GetJob_MissingName_ThrowsValidationRequired(string? name)
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => Registry.GetJob(name)).Errors);

        Assert.Equal("job_type", error.Field);
        Assert.Equal("required", error.Rule);
    }
}
