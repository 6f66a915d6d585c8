using System.Text.Json.Nodes;
using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;

namespace GeoOrchestration.Core.Tests.Definitions;

public sealed class StageResultTests
{
    private const string TaskId = "0123456789abcdef-s1-7";

    private static StageResult Result(string? json) =>
        new(TaskId, "7", 1, json is null ? null : JsonNode.Parse(json));

    [Fact]
    public void Accessors_WellShapedResult_ReturnTypedValues()
    {
        var result = Result("""{"name":"Ada","n":42,"ratio":0.5,"ok":true,"items":[1,2],"meta":{"a":1}}""");

        Assert.Equal("Ada", result.GetString("name"));
        Assert.Equal(42L, result.GetInt64("n"));
        Assert.Equal(0.5, result.GetDouble("ratio"));
        Assert.True(result.GetBoolean("ok"));
        Assert.Equal(2, result.GetArray("items").Count);
        Assert.Equal(1, (int)result.GetObject("meta")["a"]!);
    }

    [Fact]
    public void GetString_MissingField_NamesFieldTaskAndPresentKeys()
    {
        var error = Assert.Throws<ContractViolationException>(() => Result("""{"greeting":"hi","n":1}""").GetString("name"));

        Assert.Contains("'name'", error.Message);
        Assert.Contains(TaskId, error.Message);
        Assert.Contains("stage 1", error.Message);
        Assert.Contains("fields present: greeting, n", error.Message);
    }

    [Fact]
    public void GetString_MissingFieldInEmptyObject_SaysNoFieldsPresent()
    {
        var error = Assert.Throws<ContractViolationException>(() => Result("{}").GetString("name"));

        Assert.Contains("fields present: none", error.Message);
    }

    [Fact]
    public void GetString_NumberFound_ShowsExpectedAndFoundValue()
    {
        var error = Assert.Throws<ContractViolationException>(() => Result("""{"name":12}""").GetString("name"));

        Assert.Contains("'name'", error.Message);
        Assert.Contains(TaskId, error.Message);
        Assert.Contains("to be a string", error.Message);
        Assert.Contains("found 12", error.Message);
    }

    [Theory]
    [InlineData("\"12\"", "found \"12\"")]
    [InlineData("1.5", "found 1.5")]
    [InlineData("true", "found true")]
    public void GetInt64_WrongShape_ShowsWhatWasFound(string value, string found)
    {
        var error = Assert.Throws<ContractViolationException>(() => Result($$"""{"n":{{value}}}""").GetInt64("n"));

        Assert.Contains("'n'", error.Message);
        Assert.Contains(TaskId, error.Message);
        Assert.Contains("to be an integer", error.Message);
        Assert.Contains(found, error.Message);
    }

    [Fact]
    public void GetArray_ObjectFound_ShowsTheObject()
    {
        var error = Assert.Throws<ContractViolationException>(() => Result("""{"items":{"a":1}}""").GetArray("items"));

        Assert.Contains("'items'", error.Message);
        Assert.Contains("to be an array", error.Message);
        Assert.Contains("""found {"a":1}""", error.Message);
    }

    [Fact]
    public void GetBoolean_StringFound_SaysTrueOrFalseExpected()
    {
        var error = Assert.Throws<ContractViolationException>(() => Result("""{"ok":"yes"}""").GetBoolean("ok"));

        Assert.Contains("true or false", error.Message);
        Assert.Contains("found \"yes\"", error.Message);
    }

    [Theory]
    [InlineData(null, "found null")]
    [InlineData("[1,2]", "found [1,2]")]
    [InlineData("\"done\"", "found \"done\"")]
    public void GetString_ResultNotAnObject_SaysWhatTheResultIs(string? json, string found)
    {
        var error = Assert.Throws<ContractViolationException>(() => Result(json).GetString("name"));

        Assert.Contains(TaskId, error.Message);
        Assert.Contains("JSON object with field 'name'", error.Message);
        Assert.Contains(found, error.Message);
    }

    [Fact]
    public void GetString_LongValueFound_IsShortenedInMessage()
    {
        var error = Assert.Throws<ContractViolationException>(() => Result($$"""{"name":[{{string.Join(",", Enumerable.Repeat(1, 200))}}]}""").GetString("name"));

        Assert.Contains("...", error.Message);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public void Find_AbsentOrNull_ReturnsNull()
    {
        var result = Result("""{"a":null,"b":1}""");

        Assert.Null(result.Find("a"));
        Assert.Null(result.Find("missing"));
        Assert.Equal(1, (int)result.Find("b")!);
        Assert.Null(Result("[1]").Find("a"));
    }

    [Fact]
    public void Input_OfTaskContext_NamesTheTaskParametersInErrors()
    {
        var context = new TaskContext
        {
            JobId = new string('a', 64), TaskId = TaskId, TaskType = "t", Stage = 2, Attempt = 1,
            Parameters = new JsonObject { ["other"] = 1 }, WorkerId = "w",
        };

        var error = Assert.Throws<ContractViolationException>(() => context.Input.GetString("name"));

        Assert.Contains($"the parameters of task {TaskId}", error.Message);
        Assert.Contains("fields present: other", error.Message);
    }
}
