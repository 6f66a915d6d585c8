namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// The parameters of <c>raster_inventory</c>: the shared ones. Its destination may be the source
/// folder itself (the catalogue then sits beside the rasters).
/// </summary>
public sealed class RasterInventoryParameters : RasterParameters;
