namespace GeoOrchestration.Errors;

/// <summary>
/// A command needed the user's confirmation (its <c>ConfirmImpact</c> reached <c>$ConfirmPreference</c>,
/// or <c>-Confirm</c> was given) in a session that cannot ask (<c>pwsh -NonInteractive</c>, a job or
/// service host): nothing was done. Id <c>ConfirmationRequired</c>, one broken rule on field
/// <c>Confirm</c>; pass <c>-Confirm:$false</c> (and <c>-Force</c> where the command has it) to go on.
/// </summary>
public sealed class GeoConfirmationRequiredException(string message, Exception? innerException)
    : GeoValidationException(message, IdValue, [new ValidationError("Confirm", "confirmation_required", message)], innerException)
{
    /// <summary>The error id, also <c>CategoryInfo.Reason</c>.</summary>
    public const string IdValue = "ConfirmationRequired";
}
