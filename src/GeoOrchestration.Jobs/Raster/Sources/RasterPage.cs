using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Raster.Sources;

/// <summary>
/// One page of a source's listing as the first stage hands it to the <c>listing</c> stage: its
/// bounds, never its files, so the first stage's result stays small for any number of files.
/// </summary>
/// <remarks>
/// A folder page is a range of names (<see cref="First"/> to <see cref="Last"/>, ordinal); a
/// container page starts at a continuation token (<see cref="Token"/>, null for the first page) and
/// ends at <see cref="Last"/>; a list page is the list's entries from <see cref="Start"/>.
/// </remarks>
public sealed record RasterPage
{
    /// <summary>Most files a page holds: what one <c>raster_page</c> task returns.</summary>
    public const int Size = 1000;

    /// <summary>The first name of a folder page; null for other pages.</summary>
    public string? First { get; init; }
    /// <summary>The last name of the page (folder and container pages); null for list pages.</summary>
    public string? Last { get; init; }
    /// <summary>Where a container page's listing starts; null for the first page and for other sources.</summary>
    public string? Token { get; init; }
    /// <summary>A list page's position in the <c>source</c> list (0-based); null for other pages.</summary>
    public int? Start { get; init; }
    /// <summary>How many files the first stage saw in the page.</summary>
    public int Count { get; init; }

    /// <summary>The page as the first stage's result holds it: the fields its kind uses (a null token is left out).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Token is not null) json["token"] = Token;
        if (First is not null) json["first"] = First;
        if (Last is not null) json["last"] = Last;
        if (Start is not null) json["start"] = Start;
        json["count"] = Count;
        return json;
    }

    /// <summary>
    /// What a <c>listing</c> stage's task returns for its page, as every listing's does: <c>count</c>, and
    /// the entries as <paramref name="toJson"/> writes them under <paramref name="field"/> (<c>files</c>, <c>blobs</c>).
    /// </summary>
    public static JsonObject Listed<T>(string field, IReadOnlyCollection<T> entries, Func<T, JsonNode> toJson) => new()
    {
        ["count"] = entries.Count,
        [field] = new JsonArray(entries.Select(toJson).ToArray()),
    };

    /// <summary>Reads a page back from a task's parameters.</summary>
    public static RasterPage From(JsonObject json) => new()
    {
        First = json["first"]?.GetValue<string>(),
        Last = json["last"]?.GetValue<string>(),
        Token = json["token"]?.GetValue<string>(),
        Start = json["start"]?.GetValue<int>(),
        Count = json["count"]?.GetValue<int>() ?? 0,
    };
}
