namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary>
/// One CPLError GDAL raised during a request: <c>{"error":true,"number":4,"text":"..."}</c>.
/// <see cref="Error"/> is CE_Failure or CE_Fatal (a warning otherwise), <see cref="Number"/> the
/// CPLErrorNum: what the tools printed as "ERROR 4: text" or "Warning 1: text".
/// </summary>
public sealed record GdalHostMessage(bool Error, int Number, string Text)
{
    /// <summary>CPLE_IllegalArg: the number of the host's own messages about a request it cannot run.</summary>
    public const int IllegalArgument = 5;

    /// <summary>The same message in the form the rest of the raster code reads.</summary>
    public GdalMessage ToGdalMessage() => new(Error, Number, Text);
}
