using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary>
/// One response line: <c>{"id":7,"ok":true,"result":{...},"messages":[...],"rss_bytes":12345678}</c>.
/// <see cref="Messages"/> holds every CPLError raised during the request, in order, whether or not it
/// succeeded; <see cref="Usage"/> says the arguments did not parse (GDAL*OptionsNew returned NULL,
/// the utility set its usage flag, or the request itself was malformed).
/// </summary>
public sealed record GdalHostResponse
{
    public long Id { get; init; }
    public bool Ok { get; init; }
    public bool Usage { get; init; }
    /// <summary>The operation's answer when <see cref="Ok"/> (see <see cref="GdalHostOps"/>); read it with <see cref="ResultAs{T}"/>.</summary>
    public JsonObject? Result { get; init; }
    public IReadOnlyList<GdalHostMessage> Messages { get; init; } = [];
    /// <summary>The host's resident set after the request, in bytes (0 where it cannot tell).</summary>
    public long RssBytes { get; init; }

    /// <summary>The result as the record <typeparamref name="T"/>; throws <see cref="JsonException"/> when there is none.</summary>
    public T ResultAs<T>() =>
        Result is null ? throw new JsonException($"Response {Id} has no result.") : Result.Deserialize<T>(GdalHostJson.Options)
            ?? throw new JsonException($"Response {Id}'s result is null.");
}
