using System.Text.Json.Nodes;
using GeoOrchestration.Model;

namespace GeoOrchestration.StoreConformance;

/// <summary>Resubmitting a job with other options returns it unchanged and says which options were not applied.</summary>
public abstract partial class StoreSubmissionTests
{
    private static JsonObject LabelledParameters() => new() { ["label"] = Guid.NewGuid().ToString() };

    [Fact]
    public async Task Resubmit_OtherTimeouts_ReturnsTheJobUnchangedAndNamesEachIgnoredOption()
    {
        var parameters = LabelledParameters();
        var first = await Client.SubmitAsync("noop", parameters,
            new SubmitOptions { TaskTimeout = TimeSpan.FromSeconds(30), JobTimeout = TimeSpan.FromSeconds(600) });

        var second = await Client.SubmitAsync("noop", (JsonObject)parameters.DeepClone(),
            new SubmitOptions { TaskTimeout = TimeSpan.FromSeconds(5), JobTimeout = TimeSpan.FromSeconds(60) });

        Assert.False(second.Created);
        Assert.Equal(TimeSpan.FromSeconds(30), second.Job.TaskTimeout);
        Assert.Collection(second.IgnoredOptions,
            o => Assert.Equal(new IgnoredSubmitOption("task_timeout", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), o),
            o => Assert.Equal(new IgnoredSubmitOption("job_timeout", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(600)), o));
        Assert.Empty(first.IgnoredOptions);
    }

    [Fact]
    public async Task Resubmit_SameOrNoOptions_ReportsNothingIgnored()
    {
        var parameters = LabelledParameters();
        var options = new SubmitOptions { TaskTimeout = TimeSpan.FromSeconds(0.1234567) };
        await Client.SubmitAsync("noop", parameters, options);

        var same = await Client.SubmitAsync("noop", (JsonObject)parameters.DeepClone(), options);
        var none = await Client.SubmitAsync("noop", (JsonObject)parameters.DeepClone());

        Assert.Empty(same.IgnoredOptions); // stored to the store's precision, still the same timeout
        Assert.Empty(none.IgnoredOptions); // options not given are not compared
    }

    [Fact]
    public async Task Resubmit_TimeoutWhereTheJobHasNone_ReportsNoLimitAsExisting()
    {
        var parameters = LabelledParameters();
        await Client.SubmitAsync("noop", parameters);

        var second = await Client.SubmitAsync("noop", (JsonObject)parameters.DeepClone(), new SubmitOptions { JobTimeout = TimeSpan.FromSeconds(9) });

        Assert.Equal(new IgnoredSubmitOption("job_timeout", TimeSpan.FromSeconds(9), null), Assert.Single(second.IgnoredOptions));
    }
}
