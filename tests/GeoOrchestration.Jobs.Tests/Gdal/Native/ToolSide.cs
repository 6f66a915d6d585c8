using System.Globalization;
using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>The command-line tools' side of the differential tests: what gdalinfo and gdaltransform say.</summary>
internal static class ToolSide
{
    /// <summary>
    /// <c>gdalinfo -json -checksum</c> of a written file, without the two fields that name the file
    /// itself (description, files): every band's and overview's checksum, blocks, metadata (LAYOUT=COG,
    /// COMPRESSION), CRS and geotransform remain, so two files with the same text hold the same raster.
    /// </summary>
    public static async Task<string> ContentAsync(string path)
    {
        var run = await GdalRunner.Default.RunAsync(GdalTools.Info, ["-json", "-checksum", path], path, CancellationToken.None);
        var root = (JsonObject)JsonNode.Parse(run.StandardOutput)!;
        root.Remove("description");
        root.Remove("files");
        return root.ToJsonString();
    }

    /// <summary>gdaltransform's answer for each point: (x, y), or null for "transformation failed.".</summary>
    public static async Task<List<(double X, double Y)?>> TransformAsync(string path, string targetSrs, IReadOnlyList<(double Col, double Row)> points)
    {
        var input = string.Concat(points.Select(p =>
            $"{p.Col.ToString("R", CultureInfo.InvariantCulture)} {p.Row.ToString("R", CultureInfo.InvariantCulture)}\n"));
        var run = await GdalRunner.Default.RunAsync(GdalTools.Transform, ["-t_srs", targetSrs, path], path, CancellationToken.None, input);
        return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            if (line.StartsWith("transformation failed", StringComparison.Ordinal)) return ((double, double)?)null;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
        }).ToList();
    }

    /// <summary>The messages a tool printed when it failed (parsed from its stderr by GdalMessage.Parse).</summary>
    public static async Task<IReadOnlyList<GdalMessage>> FailureAsync(string tool, IEnumerable<string> arguments, string subject)
    {
        try
        {
            var run = await GdalRunner.Default.RunAsync(tool, arguments, subject, CancellationToken.None);
            throw new InvalidOperationException($"{tool} succeeded on {subject}: {run.StandardError}");
        }
        catch (GdalPermanentException e)
        {
            return e.Messages;
        }
        catch (GdalTransientException e)
        {
            return e.Messages;
        }
    }
}
