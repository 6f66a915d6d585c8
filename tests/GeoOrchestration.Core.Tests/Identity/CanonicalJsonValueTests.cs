using System.Text.Json.Nodes;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests.Identity;

/// <summary>Values a handler puts in a result as CLR types, not strings: each must serialise, or its whole completion batch fails.</summary>
public sealed class CanonicalJsonValueTests
{
    [Fact]
    public void Serialize_DateGuidAndCharValues_WritesThemAsStrings()
    {
        var when = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var node = new JsonObject { ["when"] = when, ["id"] = id, ["c"] = 'x' };

        var text = CanonicalJson.SerializeToString(node);

        Assert.Equal("""{"c":"x","id":"0f8fad5b-d9cb-469f-a165-70867728950e","when":"2024-05-06T07:08:09Z"}""", text);
    }
}
