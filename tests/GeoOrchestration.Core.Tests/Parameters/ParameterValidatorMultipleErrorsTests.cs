using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

public sealed class ParameterValidatorMultipleErrorsTests
{
    [Fact]
    public void Validate_SeveralBrokenRules_ReportsAllAtOnce()
    {
        var error = Refuse(HelloWorld, """{"extra":1,"count":0,"names":["", 7]}""");

        Assert.Collection(error.Errors,
            e => Assert.Equal(("extra", "unknown"), (e.Field, e.Rule)),
            e => Assert.Equal(("names", "exclusive"), (e.Field, e.Rule)),
            e => Assert.Equal(("count", "minimum"), (e.Field, e.Rule)),
            e => Assert.Equal(("names[0]", "min_length"), (e.Field, e.Rule)),
            e => Assert.Equal(("names[1]", "type"), (e.Field, e.Rule)));
        Assert.StartsWith("5 problems:", error.Message);
    }

    [Fact]
    public void Validate_RequiredMissingAndOthersWrong_ReportsEach()
    {
        var error = Refuse(Options, """{"ratio":"high","verbose":"yes","label":"toolong","tags":["blue"]}""");

        Assert.Collection(error.Errors,
            e => Assert.Equal(("mode", "required"), (e.Field, e.Rule)),
            e => Assert.Equal(("ratio", "type"), (e.Field, e.Rule)),
            e => Assert.Equal(("verbose", "type"), (e.Field, e.Rule)),
            e => Assert.Equal(("label", "max_length"), (e.Field, e.Rule)),
            e => Assert.Equal(("tags[0]", "allowed"), (e.Field, e.Rule)));
    }

    [Fact]
    public void Validate_ArrayTooLongAndItemWrong_ReportsBoth()
    {
        var names = string.Join(",", Enumerable.Range(0, 1001).Select(i => i == 5 ? "\"\"" : "\"n\""));

        var error = Refuse(HelloWorld, $$"""{"names":[{{names}}]}""");

        Assert.Collection(error.Errors,
            e => Assert.Equal(("names", "max_items"), (e.Field, e.Rule)),
            e => Assert.Equal(("names[5]", "min_length"), (e.Field, e.Rule)));
    }
}
