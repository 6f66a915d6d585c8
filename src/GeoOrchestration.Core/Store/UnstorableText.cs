namespace GeoOrchestration.Store;

/// <summary>A character no store can hold, found by <see cref="StorableText"/>: what it is and where.</summary>
/// <param name="Path">
/// Where, in the validator's style: <c>names[0]</c>, <c>a.b[2]</c>; empty for the top-level value.
/// Property names in it are escaped as <see cref="StorableText.Escape"/> does, so the path is itself storable.
/// </param>
/// <param name="Character">
/// What, for people: "a NUL character (U+0000)", "a lone UTF-16 surrogate (U+D800)", or for a
/// <see cref="UnstorableTextPlace.Number"/> "a non-finite number (NaN)".
/// </param>
/// <param name="Place">Whether it is in a value or a property name.</param>
public sealed record UnstorableText(string Path, string Character, UnstorableTextPlace Place)
{
    /// <summary>The character and its place as one phrase, e.g. "a NUL character (U+0000) at features[3].name".</summary>
    /// <returns>The phrase.</returns>
    public override string ToString() => Place switch
    {
        UnstorableTextPlace.PropertyName => $"{Character} in the property name {Path}",
        UnstorableTextPlace.UndecodablePropertyName when Path.Length == 0 => $"{Character} in a property name",
        UnstorableTextPlace.UndecodablePropertyName => $"{Character} in a property name at {Path}",
        _ when Path.Length == 0 => Character,
        _ => $"{Character} at {Path}",
    };
}
