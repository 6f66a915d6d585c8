namespace GeoOrchestration.Parameters;

/// <summary>The JSON type of a parameter, derived from its property's CLR type.</summary>
public enum ParameterKind
{
    Integer,
    Number,
    Boolean,
    String,
    StringArray,
}
