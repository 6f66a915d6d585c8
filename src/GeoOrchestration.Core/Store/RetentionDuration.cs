using System.Globalization;
using System.Text.RegularExpressions;
using GeoOrchestration.Errors;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>
/// Retention and prune ages as people type them on any front end: the units <see cref="DurationText"/>
/// writes ("30d", "12 h", "1 d 12 h", "90min", "45s", "250ms"), a plain number of seconds (as every
/// other duration option of the CLI takes), .NET's own form ("7.00:00:00"), and for a retention
/// setting "forever" (or "never"). So what Get-GeoRetention and <c>geoorch retention get</c> print
/// can be typed back.
/// </summary>
public static partial class RetentionDuration
{
    /// <summary>The word for "kept forever" (a null duration) that every front end prints and accepts.</summary>
    public const string Forever = "forever";

    /// <summary>Parses a retention setting: a duration of 0 or more, or <see cref="Forever"/> (null).</summary>
    /// <param name="field">The field named by the error (e.g. <c>failed</c>, <c>--older-than</c>).</param>
    /// <exception cref="GeoValidationException">The text is neither a duration nor forever, or is negative.</exception>
    public static TimeSpan? ParseSetting(string text, string field) =>
        text.Trim().ToLowerInvariant() is Forever or "never" ? null : Parse(text, field);

    /// <summary>Parses a duration of 0 or more.</summary>
    /// <exception cref="GeoValidationException">The text is not a duration, or is negative.</exception>
    public static TimeSpan Parse(string text, string field)
    {
        var trimmed = text.Trim();
        TimeSpan? parsed = null;
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds / 2)
            parsed = TimeSpan.FromSeconds(seconds);
        else if (Units().Match(trimmed.TrimStart('-')) is { Success: true } match)
            parsed = (trimmed.StartsWith('-') ? -1 : 1) * match.Groups["n"].Captures.Zip(match.Groups["u"].Captures)
                .Aggregate(TimeSpan.Zero, (sum, part) => sum + Unit(double.Parse(part.First.Value, CultureInfo.InvariantCulture), part.Second.Value));
        else if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span))
            parsed = span;
        if (parsed is not { } duration)
            throw new GeoValidationException(field, "format",
                $"{field}: '{text}' is not a duration; write e.g. 30d, 12h, 1d 12h, 90min, 3600 (seconds) or 7.00:00:00.");
        if (duration < TimeSpan.Zero)
            throw new GeoValidationException(field, "minimum", $"{field}: must be 0 or more (got {text}).");
        return duration;
    }

    /// <summary>A retention setting as every front end prints it: <see cref="DurationText"/>'s form, or <see cref="Forever"/>.</summary>
    public static string Format(TimeSpan? keepFor) => keepFor is { } span ? DurationText.Format(span) : Forever;

    private static TimeSpan Unit(double n, string unit) => unit.ToLowerInvariant() switch
    {
        "w" => TimeSpan.FromDays(7 * n),
        "d" => TimeSpan.FromDays(n),
        "h" => TimeSpan.FromHours(n),
        "m" or "min" => TimeSpan.FromMinutes(n),
        "s" => TimeSpan.FromSeconds(n),
        _ => TimeSpan.FromMilliseconds(n),
    };

    [GeneratedRegex(@"^(?:\s*(?<n>\d+(?:\.\d+)?)\s*(?<u>ms|min|[wdhms])\b)+\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}
