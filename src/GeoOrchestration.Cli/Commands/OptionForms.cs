using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GeoOrchestration.Cli.Commands;

/// <summary>
/// Parsers for typed options that refuse a malformed value with the option's name and the form it
/// expects, instead of the library's message naming a .NET type. Ranges stay with the validators
/// behind them (the engine's, shared with the PowerShell module).
/// </summary>
internal static class OptionForms
{
    private const string SecondsForm = "a number of seconds (e.g. 30 or 0.5)";
    private const string WholeForm = "a whole number";

    public static Option<double> AsSeconds(this Option<double> option)
    {
        option.CustomParser = result => Seconds(result) ?? 0;
        return option;
    }

    public static Option<double?> AsSeconds(this Option<double?> option)
    {
        option.CustomParser = Seconds;
        return option;
    }

    public static Option<int> AsWholeNumber(this Option<int> option)
    {
        option.CustomParser = result => Whole(result) ?? 0;
        return option;
    }

    public static Option<int?> AsWholeNumber(this Option<int?> option)
    {
        option.CustomParser = Whole;
        return option;
    }

    /// <summary>Accepts only the given words, refusing others in one line that names the option.</summary>
    public static Option<string> AsOneOf(this Option<string> option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !values.Contains(result.Tokens[^1].Value, StringComparer.Ordinal))
                result.AddError($"'{option.Name}' must be one of {string.Join(", ", values)}; got '{result.Tokens[^1].Value}'.");
        });
        return option;
    }

    /// <inheritdoc cref="AsOneOf(Option{string}, string[])"/>
    public static Argument<string> AsOneOf(this Argument<string> argument, params string[] values)
    {
        argument.CompletionSources.Add(values);
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !values.Contains(result.Tokens[^1].Value, StringComparer.Ordinal))
                result.AddError($"{argument.Name} must be one of {string.Join(", ", values)}; got '{result.Tokens[^1].Value}'.");
        });
        return argument;
    }

    private static double? Seconds(ArgumentResult result)
    {
        var text = Single(result);
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        return Refuse<double>(result, text, SecondsForm);
    }

    private static int? Whole(ArgumentResult result)
    {
        var text = Single(result);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        // A whole number too large for the option is still a whole number: say what range fits.
        var form = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) || IsDigits(text)
            ? $"{WholeForm} between {int.MinValue} and {int.MaxValue}"
            : WholeForm;
        return Refuse<int>(result, text, form);
    }

    private static string? Single(ArgumentResult result) => result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;

    private static bool IsDigits(string text) => text.TrimStart('-', '+').Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit);

    private static T? Refuse<T>(ArgumentResult result, string text, string form) where T : struct
    {
        var name = result.Parent is OptionResult option ? option.Option.Name : "value";
        result.AddError($"'{name}' must be {form}; got '{text}'.");
        return null;
    }
}
