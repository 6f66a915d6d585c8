using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Identity;

/// <summary>
/// Turns what a user typed for a job id into the job's full id: the whole id, or a unique prefix of
/// at least <see cref="JobIdentity.MinJobIdPrefixLength"/> characters in either case (job list shows 16).
/// </summary>
internal static class JobIdPrefix
{
    /// <summary>How many candidates an ambiguous prefix names.</summary>
    private const int Shown = 3;

    public static async Task<string> ResolveAsync(IGeoStore store, string? typed, CancellationToken cancellationToken)
    {
        var text = typed?.ToLowerInvariant();
        if (!JobIdentity.IsJobIdPrefix(text))
            throw new GeoValidationException("job_id", "format",
                $"'job_id' must be a job id or at least {JobIdentity.MinJobIdPrefixLength} of its leading hexadecimal characters; got '{Shorten(typed)}'.");
        if (text!.Length == 64) return text;
        // One more than shown: tells "exactly these" from "more than these" without counting them all.
        var found = await store.JobFindAsync(new JobFindParams(text, Shown + 1), cancellationToken);
        return found.Count switch
        {
            0 => throw new GeoNotFoundException("Job", typed!),
            1 => found[0],
            _ => throw new GeoValidationException("job_id", "ambiguous",
                $"Job id prefix '{typed}' matches {(found.Count > Shown ? $"more than {Shown}" : found.Count)} jobs " +
                $"({string.Join(", ", Distinguishing(found.Take(Shown).ToList()))}); give more characters."),
        };
    }

    /// <summary>The candidates cut as short as still tells them apart, but never shorter than job list shows them.</summary>
    private static IEnumerable<string> Distinguishing(IReadOnlyList<string> ids)
    {
        for (var length = 16; length < 64; length += 8)
            if (ids.Select(i => i[..length]).Distinct().Count() == ids.Count) return ids.Select(i => i[..length]);
        return ids;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 80 ? text[..77] + "..." : text;
}
