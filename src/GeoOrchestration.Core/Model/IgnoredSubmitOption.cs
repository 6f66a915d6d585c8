namespace GeoOrchestration.Model;

/// <summary>
/// A submit option the caller gave that the existing job does not have. Options do not enter the
/// job id, so resubmitting returns the existing job unchanged; this says what was not applied.
/// </summary>
/// <param name="Option">The option's name: <c>task_timeout</c> or <c>job_timeout</c>.</param>
/// <param name="Requested">What this submission asked for.</param>
/// <param name="Existing">What the existing job has; null for no limit.</param>
public sealed record IgnoredSubmitOption(string Option, TimeSpan? Requested, TimeSpan? Existing);
