using System.Management.Automation;
using GeoOrchestration.Errors;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// The one mapping from engine exceptions to <see cref="ErrorRecord"/>s. The error id is
/// <c>Geo</c> and the engine's error category (<c>GeoValidation</c>, <c>GeoNotFound</c>, ...), so
/// PowerShell's <c>FullyQualifiedErrorId</c> reads
/// <c>GeoValidation,GeoOrchestration.PowerShell.Commands.SubmitGeoJobCommand</c>; the engine's finer, stable
/// id (<c>InvalidInput</c>, <c>JobStatusConflict</c>, <c>SchemaNotDeployed</c>) is the category's reason.
/// The record's exception is the public type of the category (<see cref="PublicErrors"/>), the
/// engine's exception its inner exception.
/// </summary>
internal static class ErrorMapping
{
    public static ErrorCategory CategoryOf(GeoErrorCategory category) => category switch
    {
        GeoErrorCategory.Validation => ErrorCategory.InvalidArgument,
        GeoErrorCategory.NotFound => ErrorCategory.ObjectNotFound,
        GeoErrorCategory.Conflict => ErrorCategory.InvalidOperation,
        GeoErrorCategory.Configuration => ErrorCategory.NotInstalled,
        GeoErrorCategory.Unavailable => ErrorCategory.ConnectionError,
        GeoErrorCategory.Timeout => ErrorCategory.OperationTimeout,
        GeoErrorCategory.Cancelled => ErrorCategory.OperationStopped,
        GeoErrorCategory.Permanent => ErrorCategory.InvalidResult,
        GeoErrorCategory.Transient => ErrorCategory.ResourceUnavailable,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>The error id PowerShell shows before the command's type name.</summary>
    public static string ErrorIdOf(GeoErrorCategory category) => "Geo" + category;

    public static ErrorRecord ToRecord(Exception exception, object? target)
    {
        var category = GeoErrors.CategoryOf(exception);
        var record = new ErrorRecord(PublicErrors.From(exception), ErrorIdOf(category), CategoryOf(category), target);
        record.CategoryInfo.Reason = GeoErrors.ErrorIdOf(exception);
        if (exception is GeoValidationException { Errors.Count: > 1 } validation)
        {
            // Every broken rule on its own line, field first: fix them all in one go.
            record.ErrorDetails = new ErrorDetails($"{validation.Errors.Count} problems:" + string.Concat(
                validation.Errors.Select(e => $"{Environment.NewLine}  {e.Field} ({e.Rule}): {e.Message}")));
        }
        // Engine messages name no front end's commands: this one names its own deploy.
        if (exception is GeoConfigurationException { ErrorId: GeoConfigurationException.SchemaNotDeployedId or GeoConfigurationException.SchemaOutOfDateId })
            record.ErrorDetails = new ErrorDetails($"{exception.Message} Deploy it with Invoke-GeoSchemaDeploy (with the same -Connection), or Invoke-GeoJob -Deploy.")
            {
                RecommendedAction = "Invoke-GeoSchemaDeploy",
            };
        return record;
    }
}
