using System.Text.Json.Nodes;
using GeoOrchestration.Parameters;

namespace GeoOrchestration.Core.Tests;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Serialize_UnorderedKeys_SortsKeysOrdinally()
    {
        var json = CanonicalJson.SerializeToString(JsonNode.Parse("""{ "b": 1, "a": { "d": 2, "c": 3 } }"""));
        Assert.Equal("""{"a":{"c":3,"d":2},"b":1}""", json);
    }
}
