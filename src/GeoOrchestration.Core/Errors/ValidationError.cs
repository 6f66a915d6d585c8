namespace GeoOrchestration.Errors;

/// <summary>One broken rule: the field it concerns, the rule's short name, and a sentence for people.</summary>
/// <param name="Field">The offending field, e.g. <c>count</c> or <c>job_type</c>.</param>
/// <param name="Rule">A short rule name, e.g. <c>required</c>, <c>maximum</c>, <c>type</c>.</param>
/// <param name="Message">A full sentence naming the field and the rule.</param>
public sealed record ValidationError(string Field, string Rule, string Message)
{
    /// <summary>The rule's sentence, for people.</summary>
    /// <returns><see cref="Message"/>.</returns>
    public override string ToString() => Message;
}
