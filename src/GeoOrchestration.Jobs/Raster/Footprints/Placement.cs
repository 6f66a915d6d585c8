namespace GeoOrchestration.Jobs.Raster.Footprints;

/// <summary>
/// Where a raster lies on Earth: its <see cref="Footprint"/>, or why it has none. A raster GDAL can
/// read but not place (no georeferencing; a CRS with no transformation to WGS84, such as one of
/// another celestial body) still gets its COG and its Item, with <c>geometry: null</c> and no bbox.
/// </summary>
/// <param name="Footprint">Null when the raster cannot be placed.</param>
/// <param name="NoFootprintReason">Why <paramref name="Footprint"/> is null, in a sentence for the task's result; null when it is not.</param>
public sealed record Placement(Footprint? Footprint, string? NoFootprintReason)
{
    public static Placement Of(Footprint footprint) => new(footprint, null);

    public static Placement None(string reason) => new(null, reason);
}
