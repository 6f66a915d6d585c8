using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Engine;

namespace GeoOrchestration.Core.Tests.Engine;

public sealed class FailureReportTests
{
    private static StageFailure Failure(int i) => new($"job-s1-t{i}", $"t{i}", 1, "PermanentTaskException", $"t{i} broke", new JsonObject { ["i"] = i });

    [Fact]
    public void Attach_NoFailures_LeavesTheSummaryAsItIs()
    {
        var summary = new JsonObject { ["tasks"] = 3 };

        Assert.Same(summary, FailureReport.Attach(summary, []));
    }

    [Fact]
    public void Attach_Failures_ListsEachWithItsErrorAndCountsThem()
    {
        var result = FailureReport.Attach(new JsonObject { ["tasks"] = 3 }, [Failure(0), Failure(2)])!.AsObject();

        Assert.Equal(3, result["tasks"]!.GetValue<int>());
        Assert.Equal(2, result["failed_task_count"]!.GetValue<int>());
        var listed = result["failed_tasks"]!.AsArray();
        Assert.Equal(["t0", "t2"], listed.Select(f => f!["task_key"]!.GetValue<string>()));
        Assert.Equal("t2 broke", listed[1]!["error_message"]!.GetValue<string>());
        Assert.False(listed[0]!.AsObject().ContainsKey("parameters"));
    }

    [Fact]
    public void Attach_SummaryListingFailuresItself_IsKeptAsTheJobTypeWroteIt()
    {
        var own = new JsonArray(new JsonObject { ["file"] = "/data/a.tif" });

        var result = FailureReport.Attach(new JsonObject { ["failed_tasks"] = own }, [Failure(0)])!.AsObject();

        Assert.Same(own, result["failed_tasks"]);
        Assert.Equal(1, result["failed_task_count"]!.GetValue<int>());
    }

    [Fact]
    public void Attach_SummaryNotAnObject_IsKeptUnderSummary()
    {
        var result = FailureReport.Attach(JsonValue.Create("done"), [Failure(0)])!.AsObject();

        Assert.Equal("done", result["summary"]!.GetValue<string>());
        Assert.Single(result["failed_tasks"]!.AsArray());
    }

    [Fact]
    public void Attach_ManyFailures_ListsAtMostTheCapButCountsAll()
    {
        var result = FailureReport.Attach(null, Enumerable.Range(0, FailureReport.MaxListed + 5).Select(Failure).ToList())!.AsObject();

        Assert.Equal(FailureReport.MaxListed, result["failed_tasks"]!.AsArray().Count);
        Assert.Equal(FailureReport.MaxListed + 5, result["failed_task_count"]!.GetValue<int>());
    }
}
