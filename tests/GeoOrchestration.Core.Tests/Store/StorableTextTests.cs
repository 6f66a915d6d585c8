using System.Text.Json.Nodes;
using GeoOrchestration.Errors;
using GeoOrchestration.Store;

namespace GeoOrchestration.Core.Tests.Store;

/// <summary>The one rule for text a store can hold: no NUL, no lone surrogate; a valid pair is fine.</summary>
public sealed class StorableTextTests
{
    // Built in code, not in attributes: attribute strings are stored as UTF-8, which turns a lone surrogate into U+FFFD.
    public static TheoryData<string, int> Indexes => new()
    {
        { "", -1 },
        { "plain text", -1 },
        { "a\0b", 1 },
        { "\0", 0 },
        { "ab\ud800", 2 },                 // high surrogate at the end
        { "a\ud800b", 1 },                 // high surrogate followed by no low one
        { "a\udc00b", 1 },                 // low surrogate alone
        { "\udc00\ud800", 0 },             // a pair in the wrong order is two lone surrogates
        { "a\ud83d\ude00b", -1 },          // a valid pair (an emoji)
        { "\ud83d\ude00\0", 2 },           // after a valid pair
        { "\ud83d\ude00\ud83d", 2 },
    };

    [Theory]
    [MemberData(nameof(Indexes), DisableDiscoveryEnumeration = true)]
    public void IndexOfUnstorable_FindsTheFirstNulOrLoneSurrogate(string text, int expected)
    {
        Assert.Equal(expected, StorableText.IndexOfUnstorable(text));
        Assert.Equal(expected < 0, StorableText.IsStorable(text));
    }

    [Fact]
    public void Find_NestedValue_NamesThePathInTheValidatorsStyle()
    {
        var node = new JsonObject
        {
            ["a"] = new JsonObject { ["b"] = new JsonArray("x", 2, "y\0") },
            ["later"] = "also\0",
        };

        var found = StorableText.Find(node);

        Assert.Equal(new UnstorableText("a.b[2]", "a NUL character (U+0000)", UnstorableTextPlace.Value), found);
        Assert.Equal("a NUL character (U+0000) at a.b[2]", found!.ToString());
    }

    [Fact]
    public void Find_LoneSurrogates_NamesWhichOne()
    {
        Assert.Equal("a lone UTF-16 surrogate (U+D800) at [0]", StorableText.Find(new JsonArray("x\ud800"))!.ToString());
        Assert.Equal("a lone UTF-16 surrogate (U+DC00) at k", StorableText.Find(new JsonObject { ["k"] = "\udc00" })!.ToString());
    }

    [Fact]
    public void Find_PropertyName_NamesItEscaped()
    {
        var node = new JsonObject { ["outer"] = new JsonObject { ["bad\0name"] = 1 } };

        var found = StorableText.Find(node)!;

        Assert.Equal(UnstorableTextPlace.PropertyName, found.Place);
        Assert.Equal("outer.bad\\u0000name", found.Path);
        Assert.Equal("a NUL character (U+0000) in the property name outer.bad\\u0000name", found.ToString());
    }

    [Fact]
    public void Find_CleanTreesAndValidPairs_FindNothing()
    {
        Assert.Null(StorableText.Find(null));
        Assert.Null(StorableText.Find(JsonNode.Parse("""{"a":[1,true,null,"x",{"\ud83d\ude00":"\ud83c\udf0d"}]}""")));
        Assert.Null(StorableText.Find(new JsonObject { ["when"] = DateTime.UtcNow, ["id"] = Guid.NewGuid(), ["c"] = 'x' }));
    }

    [Fact]
    public void Find_TopLevelString_HasAnEmptyPath()
    {
        Assert.Equal("a NUL character (U+0000)", StorableText.Find(JsonValue.Create("\0"))!.ToString());
    }

    [Fact]
    public void Find_NulCharValue_IsFound()
    {
        Assert.Equal("a NUL character (U+0000) at c", StorableText.Find(new JsonObject { ["c"] = '\0' })!.ToString());
    }

    [Fact]
    public void Find_ParsedJsonEscapingALoneSurrogateInAValue_NamesThePathInsteadOfThrowing()
    {
        // System.Text.Json parses "\ud800" lazily and throws only when the string is read.
        var node = JsonNode.Parse("""{"features":[{"name":"ok"},{"name":"x\ud800"}]}""");

        var found = StorableText.Find(node)!;

        Assert.Equal(("features[1].name", UnstorableTextPlace.Value), (found.Path, found.Place));
        Assert.Contains("lone UTF-16 surrogate", found.Character);
    }

    [Fact]
    public void Find_ParsedJsonEscapingALoneSurrogateInAName_NamesTheObject()
    {
        var found = StorableText.Find(JsonNode.Parse("""{"a":{"x\udc00":1}}"""))!;

        Assert.Equal(("a", UnstorableTextPlace.UndecodablePropertyName), (found.Path, found.Place));
        Assert.Equal("a lone UTF-16 surrogate in a property name at a", found.ToString());
    }

    [Fact]
    public void Find_ParsedJsonEscapingNul_IsFound()
    {
        Assert.Equal("label", StorableText.Find(JsonNode.Parse("""{"label":"a\u0000b"}"""))!.Path);
    }

    [Fact]
    public void Find_NonFiniteNumbers_AreFoundAsNumbers()
    {
        var found = StorableText.Find(new JsonObject { ["stats"] = new JsonObject { ["n"] = 3, ["ratio"] = double.NaN } })!;

        Assert.Equal(("stats.ratio", UnstorableTextPlace.Number), (found.Path, found.Place));
        Assert.Equal("a non-finite number (NaN) at stats.ratio", found.ToString());
        Assert.Equal("a non-finite number (-Infinity) at [0]", StorableText.Find(new JsonArray(float.NegativeInfinity))!.ToString());
        Assert.Equal("a non-finite number (Infinity) at [1]", StorableText.Find(JsonNode.Parse("[1, 1e400]"))!.ToString());
        Assert.Null(StorableText.Find(new JsonArray(1, 2L, 0.5, 1.5m, 1e308, JsonNode.Parse("12345678901234567890123"))));
    }

    [Fact]
    public void FindAll_ReportsEachPlaceInDocumentOrder_UpToTheLimit()
    {
        var node = new JsonObject { ["a"] = "\0", ["b"] = new JsonArray("ok", "\ud800"), ["c\0"] = "\0" };

        Assert.Equal(["a", "b[1]", "c\\u0000", "c\\u0000"], StorableText.FindAll(node).Select(f => f.Path));
        Assert.Equal(2, StorableText.FindAll(node, limit: 2).Count);
    }

    public static TheoryData<string, string> Escapes => new()
    {
        { "a\0b", "a\\u0000b" },
        { "x\ud800", "x\\ud800" },
        { "\udfffy", "\\udfffy" },
        { "pair \ud83d\ude00 and \0", "pair \ud83d\ude00 and \\u0000" },
        { "C:\\path\\u0000 stays", "C:\\path\\u0000 stays" },
    };

    [Theory]
    [MemberData(nameof(Escapes), DisableDiscoveryEnumeration = true)]
    public void Escape_NulAndLoneSurrogates_BecomeJsonStyleEscapes(string text, string expected)
    {
        var escaped = StorableText.Escape(text);

        Assert.Equal(expected, escaped);
        Assert.True(StorableText.IsStorable(escaped));
    }

    [Fact]
    public void Escape_StorableText_ReturnsTheSameInstance()
    {
        var text = "nothing to do \ud83d\ude00";

        Assert.Same(text, StorableText.Escape(text));
        Assert.Null(StorableText.Escape(null));
    }

    [Fact]
    public void Truncate_DoesNotSplitASurrogatePair()
    {
        var text = new string('a', 9) + "\ud83d\ude00";

        var cut = StorableText.Truncate(text, 10);

        Assert.Equal(new string('a', 9), cut);
        Assert.Same(text, StorableText.Truncate(text, 11));
        Assert.Equal("aaa", StorableText.Truncate("aaaa", 3));
    }

    [Fact]
    public void Require_UnstorableText_IsAValidationErrorNamingFieldAndRule()
    {
        var error = Assert.Single(Assert.Throws<GeoValidationException>(() => StorableText.Require("reason", "stop\0now")).Errors);

        Assert.Equal(("reason", "storable_text"), (error.Field, error.Rule));
        Assert.Contains("NUL", error.Message);
        StorableText.Require("reason", null);
        StorableText.Require("reason", "fine \ud83d\ude00");
    }
}
