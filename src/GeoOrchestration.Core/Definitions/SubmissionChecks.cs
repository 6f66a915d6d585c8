using System.Text.Json.Nodes;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Definitions;

/// <summary>
/// A job type's own submit-time checks (<see cref="JobDefinition{TParameters}"/>'s <c>Validate</c>)
/// in the same round as the declared parameter rules, so a submission with a schema error and a
/// path or EPSG error names both, rather than the second only once the first is fixed.
/// </summary>
internal static class SubmissionChecks
{
    /// <summary>
    /// The job type's broken rules for <paramref name="kept"/> (the parameters whose declared rules
    /// held; those that broke one are absent, so they bind to their class defaults).
    /// </summary>
    /// <param name="declared">The broken declared rules of this submission (none: the checks run as they always did).</param>
    public static IReadOnlyList<ValidationError> OfJobType(JobDefinition definition, JsonObject kept, IReadOnlyList<ValidationError> declared)
    {
        if (declared.Count == 0) return definition.Check(kept);
        var broken = declared.Select(e => RootOf(e.Field)).ToHashSet(StringComparer.Ordinal);
        try
        {
            // A check of a parameter that broke a declared rule saw its default, not what was given.
            return definition.Check(kept).Where(e => !broken.Contains(RootOf(e.Field))).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Checks written for parameters that all kept their rules may trip over a default (or
            // GDAL may be missing): the declared rules are still reported, the rest in the next round.
            return [];
        }
    }

    /// <summary>The parameter a field names: <c>source</c> for <c>source[3]</c>.</summary>
    private static string RootOf(string field) => field.IndexOf('[') is var i and > 0 ? field[..i] : field;
}
