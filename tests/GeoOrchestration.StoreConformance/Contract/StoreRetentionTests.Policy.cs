using GeoOrchestration.Errors;
using GeoOrchestration.Model;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>The policy: documented defaults, partial changes, "forever", and refused input that writes nothing.</summary>
public abstract partial class StoreRetentionTests
{
    [Fact]
    public async Task RetentionGet_NewStore_HasTheDocumentedDefaults_FailedKeptLongerThanCompleted()
    {
        var policy = await Store.RetentionGetAsync(default);

        Assert.Equal(RetentionRules.Statuses, policy.Settings.Select(s => s.Status));
        Assert.Equal(RetentionRules.Statuses.Select(s => (TimeSpan?)RetentionRules.Defaults[s]), policy.Settings.Select(s => s.KeepFor));
        Assert.Equal([Days(7), Days(30), Days(30), Days(7)], policy.Settings.Select(s => s.KeepFor!.Value));
    }

    [Fact]
    public async Task RetentionSet_ChangesOnlyTheStatusesGiven_AndNullKeepsForever()
    {
        var before = await Store.RetentionGetAsync(default);

        var after = await Store.RetentionSetAsync(new RetentionSetParams(
            [new RetentionChange(JobStatus.Failed, null), new RetentionChange(JobStatus.Completed, TimeSpan.FromHours(36))]), default);

        Assert.Equal(after, await Store.RetentionGetAsync(default));
        Assert.Equal((TimeSpan?)TimeSpan.FromHours(36), after[JobStatus.Completed].KeepFor);
        Assert.Null(after[JobStatus.Failed].KeepFor);
        Assert.Equal(before[JobStatus.Cancelled], after[JobStatus.Cancelled]);
        Assert.Equal(before[JobStatus.CompletedWithErrors], after[JobStatus.CompletedWithErrors]);
        Assert.True(after[JobStatus.Failed].Updated >= before[JobStatus.Failed].Updated);
        // Forever: the policy makes no rule for it.
        Assert.DoesNotContain(after.Rules, r => r.Status == JobStatus.Failed);
        Assert.Contains(new PruneRule(JobStatus.Completed, TimeSpan.FromHours(36)), after.Rules);
        // Zero is allowed: such jobs go at the next prune.
        var zero = await Store.RetentionSetAsync(new RetentionSetParams([new RetentionChange(JobStatus.Cancelled, TimeSpan.Zero)]), default);
        Assert.Equal((TimeSpan?)TimeSpan.Zero, zero[JobStatus.Cancelled].KeepFor);
    }

    public static TheoryData<string, string, string> BadChanges => new()
    {
        { "processing", "status", "terminal" },
        { "queued", "status", "terminal" },
        { "negative", "failed", "minimum" },
        { "twice", "completed", "unique" },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public async Task RetentionSet_BadInput_IsRefusedNamingTheFieldAndRule_AndWritesNothing(string change, string field, string rule)
    {
        var before = await Store.RetentionGetAsync(default);
        RetentionChange[] changes = change switch
        {
            "processing" => [new RetentionChange(JobStatus.Completed, Days(1)), new RetentionChange(JobStatus.Processing, Days(1))],
            "queued" => [new RetentionChange(JobStatus.Queued, null)],
            "negative" => [new RetentionChange(JobStatus.Completed, Days(1)), new RetentionChange(JobStatus.Failed, TimeSpan.FromSeconds(-1))],
            _ => [new RetentionChange(JobStatus.Completed, Days(1)), new RetentionChange(JobStatus.Completed, Days(2))],
        };

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Store.RetentionSetAsync(new RetentionSetParams(changes), default));

        Assert.Contains(error.Errors, e => e.Field == field && e.Rule == rule);
        Assert.Contains(field, error.Message);
        Assert.Equal(before, await Store.RetentionGetAsync(default));
    }

    [Fact]
    public async Task PruneBatch_RuleOfALiveStatusOrNegativeAge_IsRefused_AndRemovesNothing()
    {
        var job = await CompletedJobAsync();
        var before = await Support.StoreSnapshot.TakeAsync(Store);

        var live = await Assert.ThrowsAsync<GeoValidationException>(() =>
            Store.PruneBatchAsync(new PruneBatchParams([new PruneRule(JobStatus.Processing, TimeSpan.Zero)], 100), default));
        var negative = await Assert.ThrowsAsync<GeoValidationException>(() =>
            Store.PruneCountAsync(new PruneCountParams([new PruneRule(JobStatus.Completed, TimeSpan.FromDays(-1))]), default));
        var rows = await Assert.ThrowsAsync<GeoValidationException>(() =>
            Store.PruneBatchAsync(new PruneBatchParams(AllEnded(TimeSpan.Zero), 0), default));

        Assert.Equal(("status", "terminal"), (live.Errors[0].Field, live.Errors[0].Rule));
        Assert.Equal(("completed", "minimum"), (negative.Errors[0].Field, negative.Errors[0].Rule));
        Assert.Equal(("max_rows", "minimum"), (rows.Errors[0].Field, rows.Errors[0].Rule));
        Assert.Equal(before, await Support.StoreSnapshot.TakeAsync(Store));
        Assert.NotNull(await Steps.JobGetAsync(job.JobId, default));
    }
}
