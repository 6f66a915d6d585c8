using System.Globalization;
using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.Cli.Bench;

/// <summary>
/// The rasters a raster benchmark converts, made once per set: three Byte bands of smooth imagery (sinusoids of
/// random phase and period across rows and columns) with noise of +/-8 on every pixel, so the codec and its predictor
/// do the work they do on real imagery rather than on constant or purely random bytes; stored as plain striped,
/// uncompressed GeoTIFFs (as many inputs are) in UTM 33N at 10 m, each file a tile of its own in a grid, so footprints
/// are computed and differ. The pixels are written by this process (an ENVI raw file) and made a GeoTIFF by
/// gdal_translate: a fixture, so the command-line tool is fine here.
/// </summary>
internal static class RasterBenchInputs
{
    private const int Bands = 3;

    /// <summary>Makes <paramref name="set"/> in <paramref name="folder"/> (<c>r0000.tif</c>, ...), <paramref name="parallel"/> at a time.</summary>
    public static async Task MakeAsync(RasterSet set, string folder, int parallel, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        await Parallel.ForEachAsync(Enumerable.Range(0, set.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (index, ct) => await MakeOneAsync(set.Size, index, Path.Combine(folder, $"r{index:D4}.tif"), ct));
    }

    private static async Task MakeOneAsync(int size, int index, string path, CancellationToken cancellationToken)
    {
        var raw = path + ".raw";
        try
        {
            await File.WriteAllBytesAsync(raw, Pixels(size, seed: size * 100_003 + index), cancellationToken);
            await File.WriteAllTextAsync(raw[..^4] + ".hdr",
                $"ENVI\nsamples = {size}\nlines = {size}\nbands = {Bands}\nheader offset = 0\nfile type = ENVI Standard\ndata type = 1\ninterleave = bsq\nbyte order = 0\n",
                cancellationToken);
            // Tiles of a 20-column grid, 10 m pixels, from (500000, 5000000) in UTM 33N.
            const double pixel = 10;
            var west = 500_000 + index % 20 * size * pixel;
            var north = 5_000_000 - index / 20 * size * pixel;
            string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            await GdalRunner.Default.RunAsync(GdalTools.Translate,
                ["-q", "-of", "GTiff", "-a_srs", "EPSG:32633", "-a_ullr", F(west), F(north), F(west + size * pixel), F(north - size * pixel), raw, path],
                path, cancellationToken);
        }
        finally
        {
            File.Delete(raw);
            File.Delete(raw[..^4] + ".hdr");
            File.Delete(raw + ".aux.xml");
        }
    }

    /// <summary>Band-sequential bytes: per band, a row term plus a column term around 128, plus noise.</summary>
    private static byte[] Pixels(int size, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[Bands * size * size];
        var noise = new byte[size];
        var rows = new double[size];
        var columns = new double[size];
        for (var band = 0; band < Bands; band++)
        {
            double rowPeriod = size / (0.5 + random.NextDouble() * 3), columnPeriod = size / (0.5 + random.NextDouble() * 3);
            double rowPhase = random.NextDouble() * Math.Tau, columnPhase = random.NextDouble() * Math.Tau;
            for (var i = 0; i < size; i++)
            {
                rows[i] = 60 * Math.Sin(i / rowPeriod * Math.Tau + rowPhase);
                columns[i] = 50 * Math.Cos(i / columnPeriod * Math.Tau + columnPhase);
            }
            for (var y = 0; y < size; y++)
            {
                random.NextBytes(noise);
                var offset = (band * size + y) * size;
                for (var x = 0; x < size; x++)
                    pixels[offset + x] = (byte)Math.Clamp(128 + rows[y] + columns[x] + (noise[x] & 15) - 8, 0, 255);
            }
        }
        return pixels;
    }
}
