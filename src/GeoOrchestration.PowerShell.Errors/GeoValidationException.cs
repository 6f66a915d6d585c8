namespace GeoOrchestration.Errors;

/// <summary>
/// Input was refused before anything was written (id <c>InvalidInput</c>; <c>ConfirmationRequired</c>
/// for <see cref="GeoConfirmationRequiredException"/>). <see cref="Errors"/> lists every broken rule.
/// </summary>
public class GeoValidationException : GeoException
{
    public GeoValidationException(string message, string errorId, IReadOnlyList<ValidationError> errors, Exception? innerException)
        : base(message, errorId, innerException) => Errors = errors;

    /// <summary>Every broken rule, each with its field and rule; at least one.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    public override GeoErrorCategory Category => GeoErrorCategory.Validation;
}
