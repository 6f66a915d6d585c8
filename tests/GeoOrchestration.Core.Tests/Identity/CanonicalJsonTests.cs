using System.Text.Json.Nodes;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Identity;

public sealed class CanonicalJsonTests
{
    private static string Canonical(string json) => CanonicalJson.SerializeToString(JsonNode.Parse(json));

    [Fact]
    public void Serialize_UnorderedKeys_SortsKeysOrdinally()
    {
        Assert.Equal("""{"a":{"c":3,"d":2},"b":1}""", Canonical("""{ "b": 1, "a": { "d": 2, "c": 3 } }"""));
    }

    [Fact]
    public void Serialize_UppercaseAndLowercaseKeys_SortsByCodeUnitNotCulture()
    {
        Assert.Equal("""{"B":1,"_":3,"a":2}""", Canonical("""{"a":2,"_":3,"B":1}"""));
    }

    [Fact]
    public void Serialize_Whitespace_IsRemoved()
    {
        Assert.Equal("""{"a":[1,2],"b":"x y"}""", Canonical("  {\n\t\"a\" : [ 1 ,\r\n 2 ] , \"b\":\"x y\" }  "));
    }

    [Fact]
    public void Serialize_ObjectsInsideArrays_AreCanonicalised()
    {
        Assert.Equal("""[{"a":1,"b":[{"c":1,"d":2}]}]""", Canonical("""[{"b":[{"d":2.0,"c":1e0}],"a":1}]"""));
    }

    [Fact]
    public void Serialize_ArrayOrder_IsKept()
    {
        Assert.Equal("""["b","a"]""", Canonical("""["b","a"]"""));
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("3.0", "3")]
    [InlineData("3e0", "3")]
    [InlineData("30e-1", "3")]
    [InlineData("0.3e1", "3")]
    [InlineData("-2.000", "-2")]
    [InlineData("0.5", "0.5")]
    [InlineData("0.50", "0.5")]
    [InlineData("5e-1", "0.5")]
    [InlineData("1.250E1", "12.5")]
    [InlineData("1e30", "1E+30")]
    public void Serialize_NumberSpellings_HaveOneForm(string spelling, string expected)
    {
        Assert.Equal(expected, Canonical(spelling));
    }

    [Fact]
    public void Serialize_NegativeZero_IsZero()
    {
        Assert.Equal(Canonical("0"), Canonical("-0.0"));
    }

    [Theory]
    [InlineData("0", "1e-30")]
    [InlineData("1.2345678901234567e-20", "1.2345678901234e-20")]
    public void Serialize_DistinctSmallNumbers_StayDistinct(string a, string b)
    {
        // Both are finite doubles that differ; a canonical form must not merge them (decimal's
        // 28-digit scale does: 1e-30 parses as decimal 0).
        Assert.NotEqual(Canonical(a), Canonical(b));
    }

    [Fact]
    public void Serialize_NonAsciiText_IsWrittenUnescaped()
    {
        Assert.Equal("""{"name":"Zoë <&>"}""", Canonical("""{"name":"Zo\u00eb <&>"}"""));
    }

    [Fact]
    public void Serialize_QuoteAndControlCharacters_AreEscaped()
    {
        var json = CanonicalJson.SerializeToString(JsonValue.Create("a\"b\\c\n"));

        Assert.Equal("\"a\\\"b\\\\c\\n\"", json);
    }

    [Fact]
    public void Serialize_LiteralsAndNull_AreKept()
    {
        Assert.Equal("""{"a":true,"b":false,"c":null}""", Canonical("""{"c":null,"b":false,"a":true}"""));
        Assert.Equal("null", CanonicalJson.SerializeToString(null));
    }

    [Fact]
    public void Serialize_ValuesBuiltInCode_MatchParsedText()
    {
        var built = new JsonObject { ["ratio"] = 0.5, ["count"] = 3L, ["whole"] = 3.0 };

        Assert.Equal(Canonical("""{"whole":3,"count":3.0,"ratio":5e-1}"""), CanonicalJson.SerializeToString(built));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    [InlineData(int.MaxValue)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Serialize_IntegersHeldOrParsed_HaveTheSameSpelling(long number)
    {
        var text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(text, CanonicalJson.SerializeToString(JsonValue.Create(number)));
        Assert.Equal(text, Canonical(text));
        Assert.Equal(text, Canonical(text + ".0"));
    }

    [Fact]
    public void Serialize_OrderedAndUnorderedKeys_GiveOneForm()
    {
        var ordered = new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["x"] = 1, ["y"] = 2 } };
        var unordered = new JsonObject { ["b"] = new JsonObject { ["y"] = 2, ["x"] = 1 }, ["a"] = 1 };

        Assert.Equal(CanonicalJson.SerializeToString(ordered), CanonicalJson.SerializeToString(unordered));
        Assert.Equal("""{"a":1,"b":{"x":1,"y":2}}""", CanonicalJson.SerializeToString(unordered));
    }

    [Fact]
    public void Serialize_LargeDocumentThenSmall_EachIsWhole()
    {
        // The per-thread buffer is reused: a small document after a large one must not carry its tail.
        var large = new JsonObject { ["text"] = new string('x', 200_000) };
        var small = new JsonObject { ["a"] = 1 };

        Assert.Equal(200_011, CanonicalJson.Serialize(large).Length);
        Assert.Equal("""{"a":1}""", CanonicalJson.SerializeToString(small));
        Assert.Equal("""{"a":1}""", CanonicalJson.SerializeToString(small));
    }
}
