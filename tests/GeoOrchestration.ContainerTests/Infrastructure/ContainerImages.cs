namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>
/// The images under test, by the names <c>deploy/build-images.sh</c> gives them: tag <c>local</c>
/// unless <c>GEO_IMAGE_TAG</c> says otherwise.
/// </summary>
public static class ContainerImages
{
    public const string TagVariable = "GEO_IMAGE_TAG";

    public static string Tag => Environment.GetEnvironmentVariable(TagVariable) is { Length: > 0 } tag ? tag : "local";

    /// <summary>The <c>geoorch</c> worker image: the executable published self-contained, GDAL's tools, UID 1654.</summary>
    public static string Geoorch => $"geoorchestration/geoorch:{Tag}";

    /// <summary>The PowerShell worker image: pwsh, the module installed from its package, GDAL's tools, UID 1654.</summary>
    public static string PowerShell => $"geoorchestration/powershell:{Tag}";

    /// <summary>The non-root user both images run as (the .NET images' <c>app</c> user has the same id).</summary>
    public const int AppUid = 1654;
}
