using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Raster.Sources;

namespace GeoOrchestration.Jobs.Raster.Tasks;

/// <summary>Reads the source a listing task was given (its <c>source</c> and <c>recursive</c> fields).</summary>
internal static class RasterPageSource
{
    /// <exception cref="PermanentTaskException">The source no longer passes its rules (a folder removed since submit).</exception>
    public static RasterSource Parse(StageResult input)
    {
        var entries = input.GetArray("source").Select(e => e!.GetValue<string>()).ToList();
        var errors = new List<ValidationError>();
        return RasterSource.Parse(entries, input.GetBoolean("recursive"), errors)
            ?? throw new PermanentTaskException(string.Join(" ", errors.Select(e => e.Message)));
    }
}
