using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeoOrchestration.Jobs.Raster.Stac;

/// <summary>
/// Writes catalogue files whole or not at all: into a hidden temporary file (<see cref="TemporaryFiles"/>),
/// then renamed over the target. A killed process leaves the temporary file for the job's end to sweep.
/// </summary>
public static class JsonFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(string path, JsonNode document, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = TemporaryFiles.For(path);
        try
        {
            await File.WriteAllTextAsync(temporary, document.ToJsonString(Indented) + "\n", cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
