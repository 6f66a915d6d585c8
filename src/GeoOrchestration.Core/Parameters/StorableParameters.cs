using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Parameters;

/// <summary>
/// Refuses parameters holding text no store can hold (<see cref="StorableText"/>), naming each
/// place (<c>label</c>, <c>names[0]</c>) under the rule <c>storable_text</c>. Checked before the
/// schema's rules, which read the values: a lone surrogate escaped in JSON text cannot even be decoded.
/// </summary>
internal static class StorableParameters
{
    public static void Require(JsonObject parameters)
    {
        var found = StorableText.FindAll(parameters);
        if (found.Count == 0) return;
        throw new GeoValidationException(found.Select(ToError).ToList());
    }

    private static ValidationError ToError(UnstorableText text) => text.Place switch
    {
        UnstorableTextPlace.PropertyName =>
            new(text.Path, StorableText.Rule, $"Parameter name '{text.Path}' holds {text.Character}, which cannot be stored; remove it."),
        UnstorableTextPlace.UndecodablePropertyName =>
            new(text.Path.Length == 0 ? "parameters" : text.Path, StorableText.Rule,
                $"A parameter name{(text.Path.Length == 0 ? "" : $" in '{text.Path}'")} holds {text.Character}, which cannot be stored; remove it."),
        // As the schema's own rule says it for numbers parsed from text (1e400).
        UnstorableTextPlace.Number => new(text.Path, "type", $"Parameter '{text.Path}' must be a finite number; got {text.Character}."),
        _ => new(text.Path, StorableText.Rule, $"Parameter '{text.Path}' holds {text.Character}, which cannot be stored; remove it."),
    };
}
