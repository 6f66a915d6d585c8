using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Raster.Footprints;

/// <summary>
/// Where a raster lies on the globe, as STAC and GeoJSON (RFC 7946) want it: a Polygon, or a
/// MultiPolygon split at the antimeridian, in WGS84 longitude/latitude order; and its bounding box
/// [west, south, east, north], whose west is greater than its east when it crosses the antimeridian.
/// </summary>
public sealed record Footprint(JsonObject Geometry, double[] Bbox)
{
    /// <summary>Whether the bounding box crosses the antimeridian (west &gt; east).</summary>
    public bool CrossesAntimeridian => Bbox[0] > Bbox[2];
}
