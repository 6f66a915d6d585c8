namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary>The host's exit codes (a signal shows as the signal, not as one of these).</summary>
public static class GdalHostExitCodes
{
    /// <summary>Its stdin closed: the worker is done with it.</summary>
    public const int Done = 0;
    /// <summary>Its command line was wrong.</summary>
    public const int Usage = 2;
    /// <summary>GDAL's library could not be loaded (after a hello with ok=false).</summary>
    public const int LibraryMissing = 3;
    /// <summary>Its parent (the <c>--parent</c> pid) had already exited when it started.</summary>
    public const int ParentGone = 4;
}
