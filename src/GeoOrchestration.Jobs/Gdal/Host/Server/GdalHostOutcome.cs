using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Gdal.Host.Server;

/// <summary>How one operation ended; the server adds the id, GDAL's messages and the memory figure.</summary>
internal sealed record GdalHostOutcome(bool Ok, bool Usage, JsonObject? Result)
{
    public static GdalHostOutcome Success(JsonObject? result = null) => new(true, false, result ?? []);
    public static readonly GdalHostOutcome Failed = new(false, false, null);
    public static readonly GdalHostOutcome UsageError = new(false, true, null);
}
