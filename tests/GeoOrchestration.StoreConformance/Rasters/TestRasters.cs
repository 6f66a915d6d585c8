using GeoOrchestration.Jobs.Gdal;

namespace GeoOrchestration.StoreConformance.Rasters;

/// <summary>
/// Small rasters the tests make themselves with GDAL's gdal_create and gdal_translate: nothing is
/// downloaded, and each one has one property a test checks (a CRS, a nodata, a layout, ...).
/// </summary>
public static class TestRasters
{
    private static GdalRunner Gdal => GdalRunner.Default;

    /// <summary>256x256 Byte in UTM 33N (EPSG:32633), 30 m pixels, a striped (non-COG) GeoTIFF.</summary>
    public static Task<string> Utm33Async(string path, int size = 256) =>
        CreateAsync(path, "-outsize", $"{size}", $"{size}", "-bands", "1", "-ot", "Byte", "-burn", "7",
            "-a_srs", "EPSG:32633", "-a_ullr", "500000", "5000000", $"{500000 + 30 * size}", $"{5000000 - 30 * size}");

    /// <summary>200x100 Float32 in EPSG:4326 from 170°E to 190°E (crossing the antimeridian), nodata -9999.</summary>
    public static Task<string> AntimeridianAsync(string path) =>
        CreateAsync(path, "-outsize", "200", "100", "-bands", "1", "-ot", "Float32", "-burn", "1.5", "-a_nodata", "-9999",
            "-a_srs", "EPSG:4326", "-a_ullr", "170", "10", "190", "-10");

    /// <summary>100x100 Byte in UTM 60N whose west edge lies at about 175°E and east edge at about 177°W.</summary>
    public static Task<string> AntimeridianUtmAsync(string path) =>
        CreateAsync(path, "-outsize", "100", "100", "-bands", "1", "-ot", "Byte", "-burn", "3",
            "-a_srs", "EPSG:32660", "-a_ullr", "400000", "7000000", "800000", "6800000");

    /// <summary>100x100 Byte in NSIDC polar stereographic north (EPSG:3413) centred on the North Pole.</summary>
    public static Task<string> NorthPoleAsync(string path) =>
        CreateAsync(path, "-outsize", "100", "100", "-bands", "1", "-ot", "Byte", "-burn", "9",
            "-a_srs", "EPSG:3413", "-a_ullr", "-1000000", "1000000", "1000000", "-1000000");

    /// <summary>64x48 Int16 in EPSG:3035 with a negative nodata (-32768).</summary>
    public static Task<string> NegativeNodataAsync(string path) =>
        CreateAsync(path, "-outsize", "64", "48", "-bands", "1", "-ot", "Int16", "-burn", "-5", "-a_nodata", "-32768",
            "-a_srs", "EPSG:3035", "-a_ullr", "4000000", "3000000", "4064000", "2952000");

    /// <summary>300x200 Float32 in EPSG:4326 whose nodata is NaN.</summary>
    public static Task<string> NanNodataAsync(string path) =>
        CreateAsync(path, "-outsize", "300", "200", "-bands", "1", "-ot", "Float32", "-burn", "2.5", "-a_nodata", "nan",
            "-a_srs", "EPSG:4326", "-a_ullr", "0", "10", "3", "8");

    /// <summary>50x50 Byte in MODIS sinusoidal, a projected CRS that no EPSG code names.</summary>
    public static Task<string> SinusoidalAsync(string path) =>
        CreateAsync(path, "-outsize", "50", "50", "-bands", "1", "-ot", "Byte", "-burn", "4",
            "-a_srs", "+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs",
            "-a_ullr", "0", "1000000", "500000", "500000");

    /// <summary>3-band Byte RGB, 64x64 in EPSG:4326, with TIFFTAG_DATETIME 2021:03:04 05:06:07.</summary>
    public static Task<string> RgbWithDatetimeAsync(string path) =>
        CreateAsync(path, "-outsize", "64", "64", "-bands", "3", "-ot", "Byte", "-burn", "10", "-burn", "20", "-burn", "30",
            "-a_srs", "EPSG:4326", "-a_ullr", "5", "52", "6", "51", "-mo", "TIFFTAG_DATETIME=2021:03:04 05:06:07");

    /// <summary>64x64 Byte with no georeferencing at all.</summary>
    public static Task<string> UngeoreferencedAsync(string path) =>
        CreateAsync(path, "-outsize", "64", "64", "-bands", "1", "-ot", "Byte", "-burn", "1");

    /// <summary>64x64 Byte georeferenced only by four GCPs in EPSG:4326 (about 10°E..11°E, 49°N..50°N).</summary>
    public static async Task<string> GcpOnlyAsync(string path)
    {
        var plain = path + ".plain.tif";
        await UngeoreferencedAsync(plain);
        await Gdal.RunAsync(GdalTools.Translate, ["-q", "-of", "GTiff", "-a_srs", "EPSG:4326",
            "-gcp", "0", "0", "10", "50", "-gcp", "64", "0", "11", "50", "-gcp", "0", "64", "10", "49", "-gcp", "64", "64", "11", "49",
            plain, path], path, CancellationToken.None);
        File.Delete(plain);
        return path;
    }

    /// <summary>
    /// A Mars equirectangular projection as a PROJ string (Mars's IAU radii, 3396190 m and 3376200 m).
    /// PROJ 9.1 (GDAL 3.6.2's, Debian 12) knows it as a valid CRS but refuses any transformation to
    /// WGS84: "ERROR 1: PROJ: proj_create_operations: Source and target ellipsoid do not belong to
    /// the same celestial body", then GDAL's "ERROR 6: Cannot find coordinate operations from ... to
    /// EPSG:4326". No EPSG code names it.
    /// </summary>
    public const string MarsEquirectangular = "+proj=eqc +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +a=3396190 +b=3376200 +units=m +no_defs";

    /// <summary>300x200 Byte on Mars (<see cref="MarsEquirectangular"/>), 100 m pixels: a valid CRS with no way to WGS84.</summary>
    public static Task<string> MarsAsync(string path) =>
        CreateAsync(path, "-outsize", "300", "200", "-bands", "1", "-ot", "Byte", "-burn", "12",
            "-a_srs", MarsEquirectangular, "-a_ullr", "1000000", "500000", "1030000", "480000");

    /// <summary>64x64 Byte georeferenced only by four GCPs given on Mars (<see cref="MarsEquirectangular"/>).</summary>
    public static async Task<string> MarsGcpAsync(string path)
    {
        var plain = path + ".plain.tif";
        await UngeoreferencedAsync(plain);
        await Gdal.RunAsync(GdalTools.Translate, ["-q", "-of", "GTiff", "-a_srs", MarsEquirectangular,
            "-gcp", "0", "0", "0", "6400", "-gcp", "64", "0", "6400", "6400", "-gcp", "0", "64", "0", "0", "-gcp", "64", "64", "6400", "0",
            plain, path], path, CancellationToken.None);
        File.Delete(plain);
        return path;
    }

    /// <summary>
    /// <paramref name="size"/> x <paramref name="size"/> Byte of random pixels in UTM 33N: incompressible,
    /// so converting it takes long enough to be caught running (8000 pixels: seconds of LANCZOS
    /// overviews, ten times that through a warp to EPSG:4326 on this 2-core machine). The pixels are
    /// written raw with an ENVI header, then made a GeoTIFF by GDAL.
    /// </summary>
    public static async Task<string> NoiseAsync(string path, int size)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var raw = path + ".raw";
        var pixels = new byte[(long)size * size];
        new Random(size).NextBytes(pixels);
        await File.WriteAllBytesAsync(raw, pixels);
        await File.WriteAllTextAsync(path + ".hdr",
            $"ENVI\nsamples = {size}\nlines = {size}\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\ndata type = 1\ninterleave = bsq\nbyte order = 0\n");
        await Gdal.RunAsync(GdalTools.Translate, ["-q", "-of", "GTiff", "-a_srs", "EPSG:32633",
            "-a_ullr", "500000", "5000000", $"{500000 + 30 * size}", $"{5000000 - 30 * size}", raw, path], path, CancellationToken.None);
        File.Delete(raw);
        File.Delete(path + ".hdr");
        return path;
    }

    /// <summary>
    /// 300x300 Byte in UTM 33N whose band has a raster attribute table (in its .aux.xml, where GDAL
    /// keeps one for a GeoTIFF): converting it makes GDAL write an .aux.xml beside the COG it writes.
    /// </summary>
    public static async Task<string> WithAttributeTableAsync(string path)
    {
        await Utm33Async(path, size: 300);
        await File.WriteAllTextAsync(path + ".aux.xml", """
            <PAMDataset>
              <PAMRasterBand band="1">
                <GDALRasterAttributeTable>
                  <FieldDefn index="0"><Name>Value</Name><Type>0</Type><Usage>5</Usage></FieldDefn>
                  <FieldDefn index="1"><Name>Class</Name><Type>2</Type><Usage>2</Usage></FieldDefn>
                  <Row index="0"><F>7</F><F>forest</F></Row>
                </GDALRasterAttributeTable>
              </PAMRasterBand>
            </PAMDataset>
            """);
        return path;
    }

    /// <summary>A GeoTIFF already in the COG layout (DEFLATE, 128-pixel tiles, one overview).</summary>
    public static async Task<string> CogAsync(string path)
    {
        var plain = path + ".plain.tif";
        await Utm33Async(plain);
        await Gdal.RunAsync(GdalTools.Translate, ["-q", "-of", "COG", "-co", "COMPRESS=DEFLATE", "-co", "BLOCKSIZE=128", plain, path],
            path, CancellationToken.None);
        File.Delete(plain);
        return path;
    }

    /// <summary>A GeoTIFF cut short: gdalinfo still reads its header, but its pixels cannot be read.</summary>
    public static async Task<string> CorruptAsync(string path)
    {
        var whole = path + ".whole.tif";
        await Utm33Async(whole);
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(path, bytes[..3000]);
        File.Delete(whole);
        return path;
    }

    /// <summary>A text file with a raster's extension.</summary>
    public static async Task<string> NotARasterAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "this is not a raster\n");
        return path;
    }

    private static async Task<string> CreateAsync(string path, params string[] arguments)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Gdal.RunAsync("gdal_create", ["-q", "-of", "GTiff", .. arguments, path], path, CancellationToken.None);
        return path;
    }
}
