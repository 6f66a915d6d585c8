namespace GeoOrchestration.IntegrationTests.Raster.Host;

/// <summary>Files made to hurt GDAL, written byte by byte: nothing is downloaded.</summary>
public static class HostileRasters
{
    /// <summary>
    /// A little-endian TIFF whose one directory claims <paramref name="size"/> x <paramref name="size"/>
    /// Byte pixels in one strip of one byte: GDAL opens its header (with warnings about the bogus
    /// strip sizes) and must refuse to convert it rather than allocate or loop over 10^18 pixels.
    /// </summary>
    public static async Task<string> AbsurdDimensionsAsync(string path, uint size = 1_000_000_000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 4, size), // ImageWidth, LONG
            (257, 4, size), // ImageLength
            (258, 3, 8), // BitsPerSample, SHORT
            (259, 3, 1), // Compression: none
            (262, 3, 1), // Photometric: black is zero
            (273, 4, 200), // StripOffsets
            (277, 3, 1), // SamplesPerPixel
            (278, 4, size), // RowsPerStrip
            (279, 4, 1), // StripByteCounts
        ];
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes))
        {
            writer.Write("II*\0"u8);
            writer.Write(8u); // the directory right after the header
            writer.Write((ushort)entries.Length);
            foreach (var (tag, type, value) in entries)
            {
                writer.Write(tag);
                writer.Write(type);
                writer.Write(1u); // count
                if (type == 3)
                {
                    writer.Write((ushort)value);
                    writer.Write((ushort)0);
                }
                else
                {
                    writer.Write(value);
                }
            }
            writer.Write(0u); // no next directory
            writer.Write(new byte[100]);
        }
        await File.WriteAllBytesAsync(path, bytes.ToArray());
        return path;
    }
}
