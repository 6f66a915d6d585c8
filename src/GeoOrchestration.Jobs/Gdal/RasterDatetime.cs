using System.Globalization;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// The time a raster carries in its own metadata: ACQUISITIONDATETIME (IMAGERY or default domain,
/// ISO 8601) when present, else TIFFTAG_DATETIME ("YYYY:MM:DD HH:MM:SS", the TIFF tag). Times
/// without a zone are taken as UTC; unparsable or placeholder values ("0000:00:00 00:00:00") as absent.
/// </summary>
public static class RasterDatetime
{
    public static DateTimeOffset? From(GdalInfo info) =>
        Parse(Find(info.Imagery, "ACQUISITIONDATETIME") ?? Find(info.Metadata, "ACQUISITIONDATETIME"))
        ?? ParseTiff(Find(info.Metadata, "TIFFTAG_DATETIME"));

    private static string? Find(IReadOnlyDictionary<string, string> domain, string key) =>
        domain.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>An ISO 8601 time (with 'T' or a space), in UTC.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value) && value.Year > 1
            ? value.ToUniversalTime()
            : null;

    /// <summary>The TIFF DateTime tag's form, "YYYY:MM:DD HH:MM:SS", in UTC.</summary>
    public static DateTimeOffset? ParseTiff(string? text) =>
        text is not null && DateTime.TryParseExact(text, "yyyy':'MM':'dd HH':'mm':'ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? new DateTimeOffset(value, TimeSpan.Zero)
            : Parse(text);
}
