namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary>
/// One request line: <c>{"id":7,"op":"info","path":"/data/a.tif","args":["-json"]}</c>. Which
/// fields an operation reads is listed in <see cref="GdalHostOps"/>; <see cref="Args"/> are the
/// command-line tool's arguments without the program name and the file names.
/// </summary>
public sealed record GdalHostRequest
{
    /// <summary>Echoed in the response; the worker numbers its requests.</summary>
    public long Id { get; init; }
    public string Op { get; init; } = "";
    public string? Path { get; init; }
    public string? Source { get; init; }
    public string? Destination { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    /// <summary>The CRS to transform to (anything OSRSetFromUserInput reads, such as EPSG:4326).</summary>
    public string? TargetSrs { get; init; }
    /// <summary>Pixel/line positions, each [column, row].</summary>
    public IReadOnlyList<double[]>? Points { get; init; }
    public string? Driver { get; init; }
    public string? Text { get; init; }
}
