using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;
using GeoOrchestration.Jobs.Gdal.Native;

namespace GeoOrchestration.Jobs.Gdal.Host.Server;

/// <summary>
/// <c>gdaltransform -t_srs TARGET path</c> as calls: the generic image-to-projection transformer of
/// the raster (its geotransform, else its GCPs) to TARGET, pixel/line in, georeferenced x/y out
/// (for EPSG:4326 longitude then latitude: GDAL's transformer uses the traditional GIS order).
/// All points go in one call; a point GDAL could not place comes back null, as gdaltransform
/// printed "transformation failed." for it.
/// </summary>
internal static unsafe class GdalHostTransform
{
    public static GdalHostOutcome Run(string path, string targetSrs, IReadOnlyList<double[]> points)
    {
        if (points.Any(p => p is null || p.Length < 2))
            throw new GdalHostRequestException("Every point of a transform request is [column, row].");
        var dataset = GdalApi.GDALOpenEx(path, GdalApi.OpenRaster | GdalApi.OpenVerboseError, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        if (dataset == IntPtr.Zero) return GdalHostOutcome.Failed;
        try
        {
            using var options = new NativeStringList([$"DST_SRS={targetSrs}"]);
            var transformer = GdalApi.GDALCreateGenImgProjTransformer2(dataset, IntPtr.Zero, options.Pointer);
            if (transformer == IntPtr.Zero) return GdalHostOutcome.Failed;
            try
            {
                return GdalHostOutcome.Success(new JsonObject { ["points"] = Transform(transformer, points) });
            }
            finally
            {
                GdalApi.GDALDestroyGenImgProjTransformer(transformer);
            }
        }
        finally
        {
            GdalApi.GDALClose(dataset);
        }
    }

    private static JsonArray Transform(IntPtr transformer, IReadOnlyList<double[]> points)
    {
        var count = points.Count;
        var x = points.Select(p => p[0]).ToArray();
        var y = points.Select(p => p[1]).ToArray();
        var z = new double[count];
        var success = new int[count];
        if (count > 0)
        {
            fixed (double* px = x, py = y, pz = z)
            fixed (int* ps = success)
            {
                // The return value is false when any point failed; each point's own flag says which.
                GdalApi.GDALGenImgProjTransform(transformer, 0, count, px, py, pz, ps);
            }
        }
        var result = new JsonArray();
        for (var i = 0; i < count; i++)
            result.Add(success[i] != 0 && double.IsFinite(x[i]) && double.IsFinite(y[i])
                ? new JsonArray(x[i], y[i])
                : null);
        return result;
    }
}
