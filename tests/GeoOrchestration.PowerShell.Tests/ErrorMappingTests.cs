using System.Management.Automation;
using GeoOrchestration.Errors;
using GeoOrchestration.PowerShell.Infrastructure;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>The one mapping from engine errors to error records.</summary>
public sealed class ErrorMappingTests
{
    [Fact]
    public void EveryEngineCategory_HasItsOwnErrorCategoryAndId()
    {
        var categories = Enum.GetValues<GeoErrorCategory>();
        Assert.Equal(categories.Length, categories.Select(ErrorMapping.CategoryOf).Distinct().Count());
        Assert.Equal(categories.Length, categories.Select(ErrorMapping.ErrorIdOf).Distinct().Count());
    }

    [Fact]
    public void ValidationError_IsInvalidArgument_WithTheTarget_TheEngineIdAsReason_AndEveryFieldListed()
    {
        var error = new GeoValidationException([new("count", "maximum", "'count' must be at most 1000."), new("names", "type", "'names' must be a list.")]);
        var target = new object();

        var record = ErrorMapping.ToRecord(error, target);

        Assert.Equal("GeoValidation", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal("InvalidInput", record.CategoryInfo.Reason);
        Assert.Same(target, record.TargetObject);
        Assert.Contains("count (maximum)", record.ErrorDetails.Message);
        Assert.Contains("names (type)", record.ErrorDetails.Message);
    }

    [Fact]
    public void UnclassifiedException_IsGeoInternal()
    {
        var record = ErrorMapping.ToRecord(new InvalidOperationException("bug"), null);
        Assert.Equal("GeoInternal", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotSpecified, record.CategoryInfo.Category);
    }
}
