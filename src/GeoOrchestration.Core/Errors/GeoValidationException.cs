namespace GeoOrchestration.Errors;

/// <summary>
/// Input was refused before anything was written. Carries every broken rule at once, so a user
/// can fix all of them in one go.
/// </summary>
public sealed class GeoValidationException : GeoException
{
    /// <summary>A refusal listing every broken rule; the message joins their messages.</summary>
    /// <param name="errors">The broken rules, at least one.</param>
    /// <exception cref="ArgumentException"><paramref name="errors"/> is empty.</exception>
    public GeoValidationException(IReadOnlyList<ValidationError> errors)
        : base(Format(errors))
    {
        if (errors.Count == 0) throw new ArgumentException("A validation failure needs at least one error.", nameof(errors));
        Errors = errors;
    }

    /// <summary>A refusal for one broken rule.</summary>
    /// <param name="field">The offending field, e.g. <c>count</c>.</param>
    /// <param name="rule">The rule's short name, e.g. <c>required</c>, <c>maximum</c>.</param>
    /// <param name="message">A sentence naming the field and the rule.</param>
    public GeoValidationException(string field, string rule, string message)
        : this([new ValidationError(field, rule, message)]) { }

    /// <summary>Every broken rule, at least one, in the order they were found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    /// <inheritdoc/>
    /// <value><c>InvalidInput</c>.</value>
    public override string ErrorId => "InvalidInput";


    /// <inheritdoc/>
    /// <value><see cref="GeoErrorCategory.Validation"/>.</value>
    public override GeoErrorCategory Category => GeoErrorCategory.Validation;

    private static string Format(IReadOnlyList<ValidationError> errors) =>
        errors.Count == 1
            ? errors[0].Message
            : $"{errors.Count} problems: " + string.Join(" ", errors.Select(e => e.Message));
}
