namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary>
/// The host's first line, written unprompted once it has loaded GDAL:
/// <c>{"type":"hello","ok":true,"gdal":"3.6.2","library":"libgdal.so.32","pid":1234}</c>, or
/// <c>{"type":"hello","ok":false,"error":"library_missing","message":"..."}</c> before it exits with
/// <see cref="GdalHostExitCodes.LibraryMissing"/>.
/// </summary>
public sealed record GdalHostHello
{
    /// <summary>The value of <see cref="Type"/>.</summary>
    public const string HelloType = "hello";

    /// <summary>The value of <see cref="Error"/> when GDAL's library could not be loaded.</summary>
    public const string LibraryMissing = "library_missing";

    public string Type { get; init; } = HelloType;
    public bool Ok { get; init; }
    /// <summary>GDAL's release name (GDALVersionInfo("RELEASE_NAME")), such as 3.6.2.</summary>
    public string? Gdal { get; init; }
    /// <summary>The library name or path that loaded.</summary>
    public string? Library { get; init; }
    public int? Pid { get; init; }
    /// <summary>A stable code when not ok (<see cref="LibraryMissing"/>).</summary>
    public string? Error { get; init; }
    /// <summary>What went wrong, for people, when not ok.</summary>
    public string? Message { get; init; }
}
