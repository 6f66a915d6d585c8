using System.Globalization;

namespace GeoOrchestration.Jobs.Gdal.Host.Server;

/// <summary>This process's resident set, as the worker weighs a host against its memory ceiling.</summary>
internal static class ProcessMemory
{
    /// <summary>Resident bytes from /proc/self/statm (its second field, in pages); 0 where there is no /proc.</summary>
    public static long ResidentBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
                ? pages * Environment.SystemPageSize
                : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
