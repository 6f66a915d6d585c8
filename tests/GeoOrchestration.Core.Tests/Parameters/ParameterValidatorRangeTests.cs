using static GeoOrchestration.Core.Tests.Support.Validation;

namespace GeoOrchestration.Core.Tests.Parameters;

/// <summary>Minimum and maximum, lengths, item counts and allowed values.</summary>
public sealed class ParameterValidatorRangeTests
{
    [Fact]
    public void Validate_BelowMinimum_ReportsMinimum()
    {
        var error = RefuseOnce(HelloWorld, """{"count":0}""", "count", "minimum");

        Assert.Contains(">= 1", error.Message);
        Assert.Contains("got 0", error.Message);
    }

    [Fact]
    public void Validate_AboveMaximum_ReportsMaximum()
    {
        var error = RefuseOnce(HelloWorld, """{"count":1001}""", "count", "maximum");

        Assert.Contains("<= 1000", error.Message);
    }

    [Theory]
    [InlineData("9007199254740993", "maximum", "<= 1000")]
    [InlineData("1e30", "maximum", "<= 1000")]
    [InlineData("-1e30", "minimum", ">= 1")]
    [InlineData("99999999999999999999999999999999999999", "maximum", "<= 1000")]
    public void Validate_IntegerBeyondItsType_ReportsTheDeclaredRange(string count, string rule, string limit)
    {
        // Before: "between -2147483648 and 2147483647" (or "must be an integer" beyond a long),
        // although the parameter declares 1..1000.
        var error = RefuseOnce(HelloWorld, $$"""{"count":{{count}}}""", "count", rule);

        Assert.Contains(limit, error.Message);
        Assert.Contains($"got {count}", error.Message);
    }

    [Theory]
    [InlineData("small", "3000000000", "<= 2147483647")]
    [InlineData("small", "-3000000000", ">= -2147483648")]
    [InlineData("big", "1e20", "<= 9223372036854775807")]
    public void Validate_IntegerWithoutDeclaredRange_ReportsItsTypesRange(string name, string value, string limit)
    {
        var error = RefuseOnce(WideInt, $$"""{"{{name}}":{{value}}}""", name, limit.StartsWith('<') ? "maximum" : "minimum");

        Assert.Contains(limit, error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Validate_AtRangeBoundary_IsAccepted(int count)
    {
        Assert.Equal(count, Validate(HelloWorld, $$"""{"count":{{count}}}""")["count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("-0.01", "minimum")]
    [InlineData("1.5", "maximum")]
    public void Validate_NumberOutOfRange_ReportsRule(string ratio, string rule)
    {
        RefuseOnce(Options, $$"""{"mode":"fast","ratio":{{ratio}}}""", "ratio", rule);
    }

    [Fact]
    public void Validate_StringTooShort_ReportsMinLength()
    {
        RefuseOnce(Options, """{"mode":"fast","label":"a"}""", "label", "min_length");
    }

    [Fact]
    public void Validate_StringTooLong_ReportsMaxLength()
    {
        RefuseOnce(Options, """{"mode":"fast","label":"abcdef"}""", "label", "max_length");
    }

    [Fact]
    public void Validate_ArrayItemTooShortOrTooLong_ReportsItemByIndex()
    {
        var errors = Refuse(HelloWorld, $$"""{"names":["Ada","","{{new string('x', 101)}}"]}""").Errors;

        Assert.Collection(errors,
            e => Assert.Equal(("names[1]", "min_length"), (e.Field, e.Rule)),
            e => Assert.Equal(("names[2]", "max_length"), (e.Field, e.Rule)));
    }

    [Fact]
    public void Validate_ArrayTooShort_ReportsMinItems()
    {
        RefuseOnce(HelloWorld, """{"names":[]}""", "names", "min_items");
    }

    [Fact]
    public void Validate_ArrayTooLong_ReportsMaxItems()
    {
        var names = string.Join(",", Enumerable.Repeat("\"n\"", 1001));

        var error = RefuseOnce(HelloWorld, $$"""{"names":[{{names}}]}""", "names", "max_items");

        Assert.Contains("got 1001", error.Message);
    }

    [Fact]
    public void Validate_ValueNotAllowed_ListsAllowedValues()
    {
        var error = RefuseOnce(Options, """{"mode":"medium"}""", "mode", "allowed");

        Assert.Contains("fast, slow", error.Message);
        Assert.Contains("'medium'", error.Message);
    }

    [Fact]
    public void Validate_AllowedValueInOtherCase_IsRefused()
    {
        RefuseOnce(Options, """{"mode":"FAST"}""", "mode", "allowed");
    }

    [Fact]
    public void Validate_ArrayItemNotAllowed_ReportsItemByIndex()
    {
        RefuseOnce(Options, """{"mode":"fast","tags":["red","blue","green"]}""", "tags[1]", "allowed");
    }
}
