using GeoOrchestration.Errors;
using GeoOrchestration.Identity;

namespace GeoOrchestration.Core.Tests.Identity;

public sealed class JobIdentityFormatTests
{
    private const string ValidId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void RequireJobId_ValidId_ReturnsIt()
    {
        Assert.Equal(ValidId, JobIdentity.RequireJobId(ValidId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData(" 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void RequireJobId_MalformedId_ThrowsFormatError(string? text)
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => JobIdentity.RequireJobId(text)).Errors);

        Assert.Equal("job_id", error.Field);
        Assert.Equal("format", error.Rule);
        Assert.False(JobIdentity.IsJobId(text));
    }

    [Fact]
    public void RequireJobId_TrailingNewline_IsRefused()
    {
        // '$' in a .NET regex also matches before a final '\n'; an id must be exactly 64 characters.
        var text = ValidId + "\n";

        Assert.False(JobIdentity.IsJobId(text));
        Assert.Throws<GeoValidationException>(() => JobIdentity.RequireJobId(text));
    }

    [Fact]
    public void IsTaskKey_TrailingNewline_IsRefused()
    {
        Assert.False(JobIdentity.IsTaskKey("tile_7\n"));
    }

    [Fact]
    public void RequireJobId_CustomField_NamesThatField()
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => JobIdentity.RequireJobId("nope", "parent_id")).Errors);

        Assert.Equal("parent_id", error.Field);
        Assert.Contains("'parent_id'", error.Message);
        Assert.Contains("'nope'", error.Message);
    }

    [Fact]
    public void RequireJobId_VeryLongText_IsShortenedInMessage()
    {
        var text = new string('x', 500);

        var error = Assert.Throws<GeoValidationException>(() => JobIdentity.RequireJobId(text));

        Assert.Contains(new string('x', 77) + "...'", error.Message);
        Assert.DoesNotContain(new string('x', 78), error.Message);
    }

    [Fact]
    public void TaskId_JobStageAndKey_AreJoinedWithShortJobPrefix()
    {
        Assert.Equal("0123456789abcdef-s2-tile_7", JobIdentity.TaskId(ValidId, 2, "tile_7"));
    }

    [Fact]
    public void TaskId_SameInputs_GiveSameId()
    {
        Assert.Equal(JobIdentity.TaskId(ValidId, 1, "0"), JobIdentity.TaskId(ValidId, 1, "0"));
        Assert.NotEqual(JobIdentity.TaskId(ValidId, 1, "0"), JobIdentity.TaskId(ValidId, 2, "0"));
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("tile_7.part-2", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("ä", false)]
    [InlineData(null, false)]
    public void IsTaskKey_Text_AcceptsOnlySafeCharacters(string? key, bool expected)
    {
        Assert.Equal(expected, JobIdentity.IsTaskKey(key));
    }

    [Fact]
    public void IsTaskKey_Length_IsCappedAtMax()
    {
        Assert.True(JobIdentity.IsTaskKey(new string('k', JobIdentity.MaxTaskKeyLength)));
        Assert.False(JobIdentity.IsTaskKey(new string('k', JobIdentity.MaxTaskKeyLength + 1)));
    }
}
