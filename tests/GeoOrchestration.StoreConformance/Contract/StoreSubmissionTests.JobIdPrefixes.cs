using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.StoreConformance;

/// <summary>Wherever a user types a job id, a unique prefix of at least 8 characters, in either case, will do: the store finds ids by prefix.</summary>
public abstract partial class StoreSubmissionTests
{
    /// <summary>Two jobs whose ids share their first 20 characters, inserted through the store (no real request collides so early).</summary>
    private async Task<(string First, string Second)> TwinsAsync()
    {
        var stem = Guid.NewGuid().ToString("N")[..20];
        var first = stem + new string('1', 44);
        var second = stem + new string('2', 44);
        foreach (var id in new[] { first, second })
            await Store.JobSubmitAsync(new JobSubmitParams(id, "noop", new JsonObject { ["label"] = id }, 1), default);
        return (first, second);
    }

    [Fact]
    public async Task GetJob_UniquePrefixInUpperCase_FindsTheJob()
    {
        var job = (await Client.SubmitAsync("noop", new JsonObject { ["label"] = Guid.NewGuid().ToString() })).Job;

        var found = await Client.GetJobAsync(job.JobId[..8].ToUpperInvariant());

        Assert.Equal(job.JobId, found.JobId);
    }

    [Fact]
    public async Task EveryJobIdMethod_SixteenCharacterPrefixAsJobListShowsIt_Works()
    {
        var job = (await Client.SubmitAsync("noop", new JsonObject { ["label"] = Guid.NewGuid().ToString() })).Job;
        var prefix = job.JobId[..16];

        Assert.Empty(await Client.ListTasksAsync(prefix));
        Assert.Equal(job.JobId, (await Client.CancelJobAsync(prefix)).Job!.JobId);
        Assert.Equal(job.JobId, (await Client.WaitForJobAsync(prefix, TimeSpan.FromSeconds(5))).JobId);
        Assert.Equal(job.JobId, (await Client.RetryJobAsync(prefix)).Job!.JobId);
    }

    [Fact]
    public async Task GetJob_AmbiguousPrefix_IsRefusedListingTheCandidates()
    {
        var (first, second) = await TwinsAsync();

        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Client.GetJobAsync(first[..10]));

        Assert.Equal(("job_id", "ambiguous"), (error.Errors[0].Field, error.Errors[0].Rule));
        Assert.Contains(first[..24] + ",", error.Message); // cut where the candidates differ, past job list's 16
        Assert.Contains(second[..24] + ")", error.Message);
        Assert.Equal(first, (await Client.GetJobAsync(first[..21])).JobId);
    }

    [Theory]
    [InlineData("0123456")]
    [InlineData("0123456g")]
    [InlineData("01234567 ")]
    public async Task GetJob_PrefixTooShortOrNotHex_IsRefusedAsFormat(string text)
    {
        var error = await Assert.ThrowsAsync<GeoValidationException>(() => Client.GetJobAsync(text));

        Assert.Equal(("job_id", "format"), (error.Errors[0].Field, error.Errors[0].Rule));
    }

    [Fact]
    public async Task GetJob_PrefixOfNoJob_ThrowsNotFoundNamingWhatWasTyped()
    {
        var error = await Assert.ThrowsAsync<GeoNotFoundException>(() => Client.GetJobAsync("FFFFFFFFFFFF0000"));

        Assert.Equal("FFFFFFFFFFFF0000", error.Id);
    }

    [Fact]
    public async Task JobFind_Prefix_ReturnsOnlyIdsStartingWithIt()
    {
        var (first, second) = await TwinsAsync();

        var found = await Store.JobFindAsync(new JobFindParams(first[..20], 10), default);

        Assert.Equal([first, second], found);
        Assert.Equal([second], await Store.JobFindAsync(new JobFindParams(second[..21], 10), default));
        Assert.Equal([first], await Store.JobFindAsync(new JobFindParams(first[..20], 1), default));
    }
}
