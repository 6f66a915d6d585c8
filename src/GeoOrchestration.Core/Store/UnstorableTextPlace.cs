namespace GeoOrchestration.Store;

/// <summary>Where in a JSON tree an <see cref="UnstorableText"/> sits.</summary>
public enum UnstorableTextPlace
{
    /// <summary>In the string value at the path.</summary>
    Value,

    /// <summary>In the property name that ends the path.</summary>
    PropertyName,

    /// <summary>
    /// In some property name of the object at the path, which could not be decoded at all: JSON
    /// parsed from text that escapes a lone surrogate (<c>"\ud800"</c>) fails on reading its names.
    /// </summary>
    UndecodablePropertyName,

    /// <summary>In the number at the path: NaN or an infinity, which JSON cannot write.</summary>
    Number,
}
