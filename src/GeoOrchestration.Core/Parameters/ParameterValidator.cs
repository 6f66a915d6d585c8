using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Parameters;

/// <summary>
/// Checks submitted parameters against a <see cref="ParameterSchema"/> and returns them
/// normalised (defaults applied, numbers in one spelling), reporting every broken rule at once.
/// </summary>
public static class ParameterValidator
{
    /// <summary>Largest accepted parameters document, in bytes of canonical UTF-8 JSON (64 KiB).</summary>
    public const int MaxParametersBytes = 64 * 1024;

    /// <summary>Checks parameters against the schema, all rules in one round.</summary>
    /// <param name="schema">The job type's schema.</param>
    /// <param name="input">The parameters as submitted; null for none.</param>
    /// <param name="jobType">The job type's name, for messages.</param>
    /// <returns>The parameters normalised: defaults applied (except for the others of a mutually exclusive group given one), numbers in one spelling; what the job id is computed from.</returns>
    /// <exception cref="GeoValidationException">Every broken rule at once: unknown, missing, mistyped, out of range, too long, not allowed, exclusive ones given together, unstorable text, or the document over <see cref="MaxParametersBytes"/>.</exception>
    public static JsonObject Validate(ParameterSchema schema, JsonObject? input, string jobType)
    {
        var errors = new List<ValidationError>();
        var output = Collect(schema, input, jobType, errors);
        if (errors.Count > 0) throw new GeoValidationException(errors);
        return output;
    }

    /// <summary>
    /// As <see cref="Validate"/>, but adds the broken rules to <paramref name="errors"/> instead of
    /// throwing, and returns the parameters that kept their rules (normalised, defaults applied): a
    /// parameter that broke one is left out, so a job type's own checks can still look at the rest
    /// and one submission names every broken rule.
    /// </summary>
    /// <param name="schema">The job type's schema.</param>
    /// <param name="input">The parameters as submitted; null for none.</param>
    /// <param name="jobType">The job type's name, for messages.</param>
    /// <param name="errors">Where the broken rules are added.</param>
    /// <returns>The parameters that kept their rules, normalised.</returns>
    /// <exception cref="GeoValidationException">Text no store can hold (a NUL, a lone surrogate): nothing else is read.</exception>
    public static JsonObject Collect(ParameterSchema schema, JsonObject? input, string jobType, List<ValidationError> errors)
    {
        input ??= new JsonObject();
        StorableParameters.Require(input);
        var output = new JsonObject();
        var before = errors.Count;

        foreach (var (name, _) in input)
        {
            if (!schema.TryGet(name, out _))
            {
                var known = schema.Parameters.Count == 0 ? "none" : string.Join(", ", schema.Parameters.Select(p => p.Name));
                errors.Add(new(name, "unknown", $"Parameter '{name}' is not a parameter of job type '{jobType}' (known: {known})."));
            }
        }

        foreach (var group in schema.ExclusiveGroups)
        {
            var together = group.Where(n => IsGiven(input, n)).ToList();
            if (together.Count > 1)
                errors.Add(new(together[^1], "exclusive",
                    $"Parameters {string.Join(" and ", together.Select(n => $"'{n}'"))} cannot be given together; give one of them."));
        }

        foreach (var spec in schema.Parameters)
        {
            var given = input.TryGetPropertyValue(spec.Name, out var node) && node is not null;
            if (!given)
            {
                if (spec.Required)
                    errors.Add(new(spec.Name, "required", $"Parameter '{spec.Name}' is required ({spec.KindName})."));
                // A default the job does not use (another of its exclusive group was given) must not enter the job id.
                else if (spec.Default is not null && !(spec.ExclusiveWith?.Any(n => IsGiven(input, n)) ?? false))
                    output[spec.Name] = spec.Default.DeepClone();
                continue;
            }
            var value = Check(spec, node!, errors);
            if (value is not null) output[spec.Name] = value;
        }

        if (errors.Count == before)
        {
            var size = CanonicalJson.Serialize(output).Length;
            if (size > MaxParametersBytes)
                errors.Add(new("parameters", "max_size",
                    $"Parameters are {size} bytes of JSON; the limit is {MaxParametersBytes} bytes. Pass large inputs by reference (a path or URL)."));
        }
        return output;
    }

    private static bool IsGiven(JsonObject input, string name) => input.TryGetPropertyValue(name, out var node) && node is not null;

    private static JsonNode? Check(ParameterSpec spec, JsonNode node, List<ValidationError> errors)
    {
        var kind = node.GetValueKind();
        switch (spec.Kind)
        {
            case ParameterKind.Integer:
                if (kind != JsonValueKind.Number || !TryWholeNumber(node, out var whole))
                    return Fail(spec, node, "an integer", errors);
                return CheckIntegerRange(spec, whole, node, errors) ? JsonValue.Create((long)whole) : null;
            case ParameterKind.Number:
                if (kind != JsonValueKind.Number || !TryNumber(node, out var number))
                    return Fail(spec, node, "a finite number", errors);
                return CheckRange(spec, number, errors) ? JsonValue.Create(number) : null;
            case ParameterKind.Boolean:
                if (kind is not (JsonValueKind.True or JsonValueKind.False)) return Fail(spec, node, "true or false", errors);
                return JsonValue.Create(kind == JsonValueKind.True);
            case ParameterKind.String:
                if (kind != JsonValueKind.String) return Fail(spec, node, "a string", errors);
                var text = node.GetValue<string>();
                return CheckString(spec, spec.Name, text, errors) ? JsonValue.Create(text) : null;
            case ParameterKind.StringArray:
                if (node is not JsonArray array) return Fail(spec, node, "an array of strings", errors);
                return CheckArray(spec, array, errors);
            default:
                throw new InvalidOperationException($"Unhandled parameter kind {spec.Kind}.");
        }
    }

    private static JsonNode? CheckArray(ParameterSpec spec, JsonArray array, List<ValidationError> errors)
    {
        var ok = true;
        if (spec.MinItems is { } min && array.Count < min)
        {
            errors.Add(new(spec.Name, "min_items", $"Parameter '{spec.Name}' needs at least {min} item(s); got {array.Count}."));
            ok = false;
        }
        if (spec.MaxItems is { } max && array.Count > max)
        {
            errors.Add(new(spec.Name, "max_items", $"Parameter '{spec.Name}' allows at most {max} item(s); got {array.Count}."));
            ok = false;
        }
        var result = new JsonArray();
        for (var i = 0; i < array.Count; i++)
        {
            var field = $"{spec.Name}[{i}]";
            if (array[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String)
            {
                errors.Add(new(field, "type", $"Parameter '{field}' must be a string; got {Describe(array[i])}."));
                ok = false;
                continue;
            }
            var text = item.GetValue<string>();
            ok &= CheckString(spec, field, text, errors);
            result.Add(text);
        }
        return ok ? result : null;
    }

    private static bool CheckString(ParameterSpec spec, string field, string text, List<ValidationError> errors)
    {
        var ok = true;
        if (spec.MinLength is { } min && text.Length < min)
        {
            errors.Add(new(field, "min_length", $"Parameter '{field}' must be at least {min} character(s) long; got {text.Length}."));
            ok = false;
        }
        if (spec.MaxLength is { } max && text.Length > max)
        {
            errors.Add(new(field, "max_length", $"Parameter '{field}' must be at most {max} character(s) long; got {text.Length}."));
            ok = false;
        }
        if (spec.Allowed is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            errors.Add(new(field, "allowed", $"Parameter '{field}' must be one of {string.Join(", ", allowed)}; got '{text}'."));
            ok = false;
        }
        return ok;
    }

    /// <summary>
    /// One range check for an integer: the declared range narrowed to what the property's type
    /// holds, so 9007199254740993 for a parameter declared 1..1000000 is told the declared limit,
    /// and an int without a declared limit is refused here rather than when a stage binds it mid-job.
    /// </summary>
    private static bool CheckIntegerRange(ParameterSpec spec, decimal value, JsonNode node, List<ValidationError> errors)
    {
        var (typeMin, typeMax) = IsInt32(spec) ? ((decimal)int.MinValue, (decimal)int.MaxValue) : (long.MinValue, long.MaxValue);
        var low = spec.Minimum is { } min && min > (double)typeMin ? Math.Min(typeMax, (decimal)Math.Ceiling(min)) : typeMin;
        var high = spec.Maximum is { } max && max < (double)typeMax ? Math.Max(typeMin, (decimal)Math.Floor(max)) : typeMax;
        if (value < low)
            errors.Add(new(spec.Name, "minimum", $"Parameter '{spec.Name}' must be >= {low}; got {node.ToJsonString()}."));
        else if (value > high)
            errors.Add(new(spec.Name, "maximum", $"Parameter '{spec.Name}' must be <= {high}; got {node.ToJsonString()}."));
        else return true;
        return false;
    }

    /// <summary>
    /// Whether a JSON number is a whole number (3, 3.0, 3e0 and 30e-1 are all the integer 3: the
    /// spelling must not change the job's id), and its value; beyond what a decimal holds (about
    /// 7.9e28) it is clamped, which is still far outside any integer parameter's range.
    /// </summary>
    private static bool TryWholeNumber(JsonNode node, out decimal value)
    {
        var text = node.ToJsonString();
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return value == decimal.Truncate(value);
        // Too large (or too small) for a decimal: every double that large is whole, 1e400 included.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d)) return false;
        if (Math.Abs(d) < 1) return false; // 1e-400 and the like: not whole (and not zero as written)
        value = d > 0 ? decimal.MaxValue : decimal.MinValue;
        return true;
    }

    private static bool IsInt32(ParameterSpec spec) =>
        (Nullable.GetUnderlyingType(spec.Property.PropertyType) ?? spec.Property.PropertyType) == typeof(int);

    private static bool CheckRange(ParameterSpec spec, double value, List<ValidationError> errors)
    {
        var shown = value.ToString(CultureInfo.InvariantCulture);
        if (spec.Minimum is { } min && value < min)
        {
            errors.Add(new(spec.Name, "minimum", $"Parameter '{spec.Name}' must be >= {Format(min)}; got {shown}."));
            return false;
        }
        if (spec.Maximum is { } max && value > max)
        {
            errors.Add(new(spec.Name, "maximum", $"Parameter '{spec.Name}' must be <= {Format(max)}; got {shown}."));
            return false;
        }
        return true;
    }

    private static JsonNode? Fail(ParameterSpec spec, JsonNode node, string expected, List<ValidationError> errors)
    {
        errors.Add(new(spec.Name, "type", $"Parameter '{spec.Name}' must be {expected}; got {Describe(node)}."));
        return null;
    }

    internal static bool TryNumber(JsonNode node, out double value) =>
        double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);

    private static string Describe(JsonNode? node)
    {
        if (node is null) return "null";
        var text = node.ToJsonString();
        if (text.Length > 40) text = text[..37] + "...";
        return node.GetValueKind() switch
        {
            JsonValueKind.String => $"string {text}",
            JsonValueKind.Number => $"number {text}",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => text,
        };
    }
}
