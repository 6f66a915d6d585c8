namespace GeoOrchestration.Parameters;

/// <summary>The JSON type of a parameter, derived from its property's CLR type.</summary>
public enum ParameterKind
{
    /// <summary>A whole number (an <c>int</c> or <c>long</c> property); 3.0 and 3e0 are the integer 3.</summary>
    Integer,
    /// <summary>Any finite number (a <c>double</c> property).</summary>
    Number,
    /// <summary><c>true</c> or <c>false</c> (a <c>bool</c> property; a switch in PowerShell).</summary>
    Boolean,
    /// <summary>Text (a <c>string</c> property).</summary>
    String,
    /// <summary>A list of text (a <c>string[]</c> property; comma-separated or repeated on the command line).</summary>
    StringArray,
}
