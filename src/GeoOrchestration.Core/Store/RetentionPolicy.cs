using GeoOrchestration.Model;

namespace GeoOrchestration.Store;

/// <summary>How long ended jobs of one terminal status are kept after they ended.</summary>
/// <param name="Status">A terminal status: completed, completed_with_errors, failed or cancelled.</param>
/// <param name="KeepFor">How long after it ended such a job is kept (0: removed at the next prune); null: forever.</param>
/// <param name="Updated">When this setting was last changed, by the store's clock.</param>
public sealed record RetentionSetting(JobStatus Status, TimeSpan? KeepFor, DateTimeOffset Updated);

/// <summary>The retention policy stored in a store: one setting per terminal status.</summary>
/// <param name="Settings">The four settings, in the order completed, completed_with_errors, failed, cancelled.</param>
public sealed record RetentionPolicy(IReadOnlyList<RetentionSetting> Settings)
{
    /// <summary>The setting of one terminal status.</summary>
    /// <exception cref="KeyNotFoundException"><paramref name="status"/> is not terminal.</exception>
    public RetentionSetting this[JobStatus status] =>
        Settings.FirstOrDefault(s => s.Status == status) ?? throw new KeyNotFoundException($"No retention setting for {status}.");

    /// <summary>Equal when the settings are, in order (a list compares by reference otherwise).</summary>
    public bool Equals(RetentionPolicy? other) => other is not null && Settings.SequenceEqual(other.Settings);

    /// <inheritdoc/>
    public override int GetHashCode() => Settings.Aggregate(0, (hash, s) => HashCode.Combine(hash, s));

    /// <summary>The prune rules this policy makes: one per status that is not kept forever.</summary>
    public IReadOnlyList<PruneRule> Rules =>
        Settings.Where(s => s.KeepFor is not null).Select(s => new PruneRule(s.Status, s.KeepFor!.Value)).ToList();
}

/// <summary>Changes to the retention policy; statuses not given keep their setting.</summary>
/// <param name="Changes">Per terminal status, the new keep-for duration (null: forever).</param>
public sealed record RetentionSetParams(IReadOnlyList<RetentionChange> Changes);

/// <summary>One change to the retention policy.</summary>
/// <param name="Status">A terminal status.</param>
/// <param name="KeepFor">How long such jobs are kept after they ended, 0 or more; null: forever.</param>
public sealed record RetentionChange(JobStatus Status, TimeSpan? KeepFor);
