namespace GeoOrchestration.Jobs.Gdal;

/// <summary>One band as <c>gdalinfo -json</c> reports it.</summary>
/// <param name="Index">1-based band number.</param>
/// <param name="DataType">GDAL's name for the pixel type: Byte, Int16, UInt16, Int32, Float32, ...</param>
/// <param name="NoData">The nodata value, which may be negative, NaN or infinite; null when the band has none.</param>
/// <param name="BlockWidth">The width of one block (a tile, or a whole strip's width).</param>
/// <param name="BlockHeight">The height of one block (the tile's, or a strip's rows).</param>
/// <param name="Overviews">The size (width, height) of each overview level, largest first.</param>
public sealed record GdalBand(int Index, string DataType, double? NoData, int BlockWidth, int BlockHeight,
    IReadOnlyList<(int Width, int Height)> Overviews);
