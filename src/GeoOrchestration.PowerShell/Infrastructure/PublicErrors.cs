extern alias PublicErrors;
using EngineErrors = GeoOrchestration.Errors;
using Public = PublicErrors::GeoOrchestration.Errors;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// The exception an <c>ErrorRecord</c> carries: a public type from GeoOrchestration.PowerShell.Errors,
/// which lives in PowerShell's default load context, so a script can name it in <c>catch [...]</c>
/// (the engine's own types live in the module's private context, where PowerShell does not look).
/// One type per engine category; the message and stable id are the engine's, the engine's exception
/// is the inner exception.
/// </summary>
internal static class PublicErrors
{
    public static Exception From(Exception exception)
    {
        var message = exception.Message;
        var id = EngineErrors.GeoErrors.ErrorIdOf(exception);
        return exception switch
        {
            ConfirmationRequiredException => new Public.GeoConfirmationRequiredException(message, exception),
            EngineErrors.GeoValidationException v => new Public.GeoValidationException(message, id,
                v.Errors.Select(e => new Public.ValidationError(e.Field, e.Rule, e.Message)).ToList(), exception),
            EngineErrors.GeoNotFoundException n => new Public.GeoNotFoundException(message, id, n.Kind, n.Id, exception),
            EngineErrors.GeoConflictException c => new Public.GeoConflictException(message, id, c.Target, exception),
            EngineErrors.JobInterruptedException j => new Public.GeoCancelledException(message, id, j.JobId, exception),
            EngineErrors.ContractViolationException => new Public.GeoContractViolationException(message, id, exception),
            _ => EngineErrors.GeoErrors.CategoryOf(exception) switch
            {
                EngineErrors.GeoErrorCategory.Validation => new Public.GeoValidationException(message, id,
                    [new Public.ValidationError("input", "invalid", message)], exception),
                EngineErrors.GeoErrorCategory.NotFound => new Public.GeoNotFoundException(message, id, null, null, exception),
                EngineErrors.GeoErrorCategory.Conflict => new Public.GeoConflictException(message, id, null, exception),
                EngineErrors.GeoErrorCategory.Configuration => new Public.GeoConfigurationException(message, id, exception),
                EngineErrors.GeoErrorCategory.Unavailable => new Public.GeoStoreUnavailableException(message, id, exception),
                EngineErrors.GeoErrorCategory.Timeout => new Public.GeoTimeoutException(message, id, exception),
                EngineErrors.GeoErrorCategory.Cancelled => new Public.GeoCancelledException(message, id, null, exception),
                EngineErrors.GeoErrorCategory.Permanent => new Public.GeoPermanentException(message, id, exception),
                EngineErrors.GeoErrorCategory.Transient => new Public.GeoTransientException(message, id, exception),
                _ => new Public.GeoInternalException(message, id, exception),
            },
        };
    }
}
