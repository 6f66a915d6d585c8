using System.Text.RegularExpressions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Postgres;

/// <summary>
/// A validated PostgreSQL schema name: PostgreSQL's identifier rules, kept short enough for the names
/// derived from it (the notification channel). Validation plus quoting is what lets the name enter SQL text at one
/// marked place while every value stays a parameter.
/// </summary>
public sealed partial class SchemaName
{
    public const string Default = "geo";

    /// <summary>Kept short so derived identifiers (the notification channel) stay under PostgreSQL's 63 bytes.</summary>
    public const int MaxLength = 48;

    private SchemaName(string value) => Value = value;

    public string Value { get; }

    /// <summary>The name as a quoted SQL identifier.</summary>
    public string Quoted => $"\"{Value}\"";

    /// <summary>The LISTEN/NOTIFY channel of this schema's work queue.</summary>
    public string Channel => $"{Value}_work";

    public static SchemaName Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
            throw new GeoValidationException("schema", "required", "'schema' must not be empty.");
        if (text.Length > MaxLength || !Pattern().IsMatch(text))
            throw new GeoValidationException("schema", "identifier",
                $"'schema' must start with a lowercase letter or underscore, contain only lowercase letters, digits and underscores, " +
                $"and be at most {MaxLength} characters; got '{(text.Length > 60 ? text[..57] + "..." : text)}'.");
        if (text.StartsWith("pg_", StringComparison.Ordinal))
            throw new GeoValidationException("schema", "reserved", $"'schema' must not start with 'pg_' (reserved by PostgreSQL); got '{text}'.");
        return new SchemaName(text);
    }

    public override string ToString() => Value;

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
