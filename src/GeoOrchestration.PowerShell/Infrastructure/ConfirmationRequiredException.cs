using GeoOrchestration.Errors;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// A cmdlet had to ask for confirmation (<c>ShouldProcess</c>) in a session that cannot ask
/// (<c>pwsh -NonInteractive</c>, a host without a UI): the host's own refusal is the inner exception.
/// A validation error (the command as given lacks the answer; nothing was done) with its own id,
/// <c>ConfirmationRequired</c>, rather than an internal error.
/// </summary>
internal sealed class ConfirmationRequiredException(string message, Exception inner) : GeoException(message, inner)
{
    public const string Id = "ConfirmationRequired";

    public override string ErrorId => Id;

    public override GeoErrorCategory Category => GeoErrorCategory.Validation;
}
