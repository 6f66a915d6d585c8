using System.Globalization;
using System.Text.RegularExpressions;

namespace GeoOrchestration.Jobs.Gdal;

/// <summary>
/// One diagnostic a GDAL tool printed on stderr: <c>ERROR 4: `x.tif' not recognized as a supported
/// file format.</c> or <c>Warning 1: ...</c>. <see cref="Number"/> is GDAL's error class (CPLErrorNum).
/// </summary>
public sealed record GdalMessage(bool IsError, int Number, string Text)
{
    /// <summary>CPLE_AppDefined: most format and library errors (libtiff's "read error at scanline", ...).</summary>
    public const int AppDefined = 1;
    /// <summary>CPLE_OutOfMemory.</summary>
    public const int OutOfMemory = 2;
    /// <summary>CPLE_FileIO: a read or write failed on an open file.</summary>
    public const int FileIO = 3;
    /// <summary>CPLE_OpenFailed: a file does not exist or is not a format GDAL reads.</summary>
    public const int OpenFailed = 4;
    /// <summary>CPLE_UserInterrupt.</summary>
    public const int UserInterrupt = 9;
    /// <summary>CPLE_HttpResponse: a network read got an error status.</summary>
    public const int HttpResponse = 11;

    private static readonly Regex Line = new(@"^(ERROR|Warning) (\d+): (.*)$", RegexOptions.CultureInvariant);

    /// <summary>The ERROR and Warning lines of a tool's stderr, in order; other lines are left out.</summary>
    public static IReadOnlyList<GdalMessage> Parse(string standardError)
    {
        var messages = new List<GdalMessage>();
        foreach (var raw in standardError.Split('\n'))
        {
            var match = Line.Match(raw.TrimEnd('\r'));
            if (!match.Success) continue;
            messages.Add(new GdalMessage(match.Groups[1].Value == "ERROR",
                int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Groups[3].Value));
        }
        return messages;
    }

    public override string ToString() => $"{(IsError ? "ERROR" : "Warning")} {Number}: {Text}";
}
