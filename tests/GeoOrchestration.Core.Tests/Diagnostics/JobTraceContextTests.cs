using System.Diagnostics;
using GeoOrchestration.Diagnostics;

namespace GeoOrchestration.Core.Tests.Diagnostics;

public sealed class JobTraceContextTests
{
    [Fact]
    public void Capture_InsideAW3CSpan_TakesItsIdAndState()
    {
        using var span = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        span.TraceStateString = "geo=1,other=two";

        var context = JobTraceContext.Capture();

        Assert.Equal(new JobTraceContext($"00-{span.TraceId}-{span.SpanId}-01", "geo=1,other=two"), context);
    }

    [Fact]
    public void Capture_UnderARemoteParentNotSampled_KeepsThatDecision()
    {
        using var span = new Activity("request").SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00").Start();
        using var child = new Activity("inner").Start();

        Assert.Equal($"00-0af7651916cd43dd8448eb211c80319c-{child.SpanId}-00", JobTraceContext.Capture().TraceParent);
    }

    [Fact]
    public void Capture_UnderALocalRootNobodySampled_FlagsItSampled()
    {
        using var root = new Activity("runbook").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var child = new Activity("step").Start();
        Assert.False(child.Recorded);

        Assert.Equal($"00-{root.TraceId}-{child.SpanId}-01", JobTraceContext.Capture().TraceParent);
    }

    [Fact]
    public void Capture_WithNoSpan_MakesASampledRootOfItsOwnEachTime()
    {
        Assert.Null(Activity.Current);

        var (first, second) = (JobTraceContext.Capture(), JobTraceContext.Capture());

        var parsed = JobTraceContext.Parent(first.TraceParent, first.TraceState)!.Value;
        Assert.Equal((ActivityTraceFlags.Recorded, true, null), (parsed.TraceFlags, parsed.IsRemote, first.TraceState));
        Assert.NotEqual(parsed.TraceId, JobTraceContext.Parent(second.TraceParent, null)!.Value.TraceId);
    }

    [Fact]
    public void Capture_InsideAHierarchicalSpan_DoesNotStoreItsNonW3CId()
    {
        using var span = new Activity("legacy").SetIdFormat(ActivityIdFormat.Hierarchical).Start();

        var context = JobTraceContext.Capture();

        Assert.NotEqual(span.Id, context.TraceParent);
        Assert.NotNull(JobTraceContext.Parent(context.TraceParent, null));
    }

    [Theory]
    [InlineData("geo=\u0001")]
    [InlineData("geo=é")]
    public void Capture_DropsATraceStateW3CDoesNotAllow(string state)
    {
        using var span = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        span.TraceStateString = state;

        Assert.Null(JobTraceContext.Capture().TraceState);
    }

    [Fact]
    public void Capture_DropsATraceStateLongerThanW3CPropagates()
    {
        using var span = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();
        span.TraceStateString = "geo=" + new string('a', JobTraceContext.MaxTraceStateLength - 3);

        Assert.Null(JobTraceContext.Capture().TraceState);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    public void Parent_OfTextThatIsNoTraceparent_IsNone(string? traceParent) =>
        Assert.Null(JobTraceContext.Parent(traceParent, "geo=1"));

    [Fact]
    public void Parent_OfAValidTraceparent_IsThatRemoteContextWithItsState()
    {
        var parent = JobTraceContext.Parent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "geo=1")!.Value;

        Assert.Equal(("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", ActivityTraceFlags.Recorded, "geo=1", true),
            (parent.TraceId.ToHexString(), parent.SpanId.ToHexString(), parent.TraceFlags, parent.TraceState, parent.IsRemote));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", JobTraceContext.Format(parent));
    }
}
