namespace GeoOrchestration.Jobs.Gdal;

/// <summary>A raster's coordinate reference system as GDAL reports it.</summary>
/// <param name="Epsg">The EPSG code GDAL identifies it with; null for a CRS no EPSG code names (MODIS sinusoidal, a custom PROJ string).</param>
/// <param name="Wkt2">The full definition, WKT2 as <c>gdalinfo -json</c> writes it.</param>
public sealed record RasterCrs(int? Epsg, string Wkt2);
