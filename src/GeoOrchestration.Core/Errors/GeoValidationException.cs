namespace GeoOrchestration.Errors;

/// <summary>
/// Input was refused before anything was written. Carries every broken rule at once, so a user
/// can fix all of them in one go.
/// </summary>
public sealed class GeoValidationException : GeoException
{
    public GeoValidationException(IReadOnlyList<ValidationError> errors)
        : base(Format(errors))
    {
        if (errors.Count == 0) throw new ArgumentException("A validation failure needs at least one error.", nameof(errors));
        Errors = errors;
    }

    public GeoValidationException(string field, string rule, string message)
        : this([new ValidationError(field, rule, message)]) { }

    public IReadOnlyList<ValidationError> Errors { get; }

    public override string ErrorId => "InvalidInput";


    public override GeoErrorCategory Category => GeoErrorCategory.Validation;

    private static string Format(IReadOnlyList<ValidationError> errors) =>
        errors.Count == 1
            ? errors[0].Message
            : $"{errors.Count} problems: " + string.Join(" ", errors.Select(e => e.Message));
}
