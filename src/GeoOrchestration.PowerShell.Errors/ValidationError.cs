namespace GeoOrchestration.Errors;

/// <summary>One broken rule of a <see cref="GeoValidationException"/>.</summary>
/// <param name="Field">The offending field, e.g. <c>count</c>, <c>source[0]</c> or <c>job_type</c>.</param>
/// <param name="Rule">The rule's short name, e.g. <c>required</c>, <c>maximum</c>, <c>type</c>, <c>absolute</c>.</param>
/// <param name="Message">A full sentence naming the field and the rule.</param>
public sealed record ValidationError(string Field, string Rule, string Message)
{
    public override string ToString() => Message;
}
