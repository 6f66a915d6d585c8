using System.Text.RegularExpressions;

namespace GeoOrchestration.Hosting;

/// <summary>
/// Hides the secrets a connection setting may hold in text about to be shown (an error, a usage
/// message, a log line): the value of <c>Password</c>/<c>PWD</c>/<c>PSW</c> (Npgsql), <c>SharedAccessKey</c>,
/// <c>SharedAccessSignature</c> and <c>sig</c> (Service Bus SAS), <c>AccountKey</c> (Storage), and the password
/// of a <c>scheme://user:password@host</c> URI, each replaced by <see cref="Mask"/>. For text that may
/// echo what a user typed, e.g. a parser's "unrecognized argument '...'"; messages the engine writes
/// itself never hold a secret in the first place.
/// </summary>
public static partial class SecretMask
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "*****";

    /// <summary><paramref name="text"/> with every secret value masked; null stays null.</summary>
    public static string Apply(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        text = KeyValue().Replace(text, m => m.Groups["key"].Value + Mask);
        return UriPassword().Replace(text, m => m.Groups["prefix"].Value + Mask + "@");
    }

    // key=value to the next ';' (a connection string's value may hold blanks and quotes, so the mask may take
    // more than the value when the text goes on: it never takes less), or a quoted value; "Shared Access Key"
    // spellings too. A SAS token's sig= ends at '&'.
    [GeneratedRegex("""(?<key>\b(?:password|pwd|psw|shared\s*access\s*key|shared\s*access\s*signature|account\s*key)\s*=\s*)(?<value>"[^"]*"?|[^;]*)|(?<key>\bsig=)(?<value>[^;&\s]*)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();

    [GeneratedRegex("""(?<prefix>\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s/]+@""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();
}
