using GeoOrchestration.Errors;
using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>
/// The rules every store holds retention input to, checked before anything is written: statuses are
/// terminal and each given once, durations 0 or more. Field names are the statuses' names.
/// </summary>
public static class RetentionRules
{
    /// <summary>The terminal statuses, in the order the policy lists them.</summary>
    public static readonly IReadOnlyList<JobStatus> Statuses =
        [JobStatus.Completed, JobStatus.CompletedWithErrors, JobStatus.Failed, JobStatus.Cancelled];

    /// <summary>The defaults a new store starts with (migration 0020): completed and cancelled 7 days, failed and completed_with_errors 30 days.</summary>
    public static readonly IReadOnlyDictionary<JobStatus, TimeSpan> Defaults = new Dictionary<JobStatus, TimeSpan>
    {
        [JobStatus.Completed] = TimeSpan.FromDays(7),
        [JobStatus.CompletedWithErrors] = TimeSpan.FromDays(30),
        [JobStatus.Failed] = TimeSpan.FromDays(30),
        [JobStatus.Cancelled] = TimeSpan.FromDays(7),
    };

    /// <summary>The settings in the order of <see cref="Statuses"/>.</summary>
    public static IReadOnlyList<RetentionSetting> InOrder(IEnumerable<RetentionSetting> settings) =>
        settings.OrderBy(s => Statuses.ToList().IndexOf(s.Status)).ToList();

    /// <exception cref="GeoValidationException">Every broken rule of the changes.</exception>
    public static void Check(RetentionSetParams parameters) =>
        Check(parameters.Changes.Select(c => (c.Status, c.KeepFor)), "keep_for");

    /// <exception cref="GeoValidationException">Every broken rule of the prune rules.</exception>
    public static void Check(IReadOnlyList<PruneRule> rules) =>
        Check(rules.Select(r => (r.Status, (TimeSpan?)r.OlderThan)), "older_than");

    private static void Check(IEnumerable<(JobStatus Status, TimeSpan? Span)> items, string what)
    {
        var errors = new List<ValidationError>();
        var seen = new HashSet<JobStatus>();
        foreach (var (status, span) in items)
        {
            var name = StatusNames.ToName(status);
            if (!status.IsTerminal())
                errors.Add(new ValidationError("status", "terminal",
                    $"status: '{name}' is not an ended status; retention applies to completed, completed_with_errors, failed and cancelled jobs only."));
            else if (!seen.Add(status))
                errors.Add(new ValidationError(name, "unique", $"{name}: given more than once."));
            if (span < TimeSpan.Zero)
                errors.Add(new ValidationError(name, "minimum", $"{name}: {what} must be 0 or more (got {span})."));
        }
        if (errors.Count > 0) throw new GeoValidationException(errors);
    }
}
