using GeoOrchestration.Definitions;
using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Blob.Tasks;

/// <summary>Reads the container a <c>blob_inventory</c> task was given (its <c>source</c> field).</summary>
internal static class BlobSourceInput
{
    /// <exception cref="PermanentTaskException">The text no longer reads as a location here (another environment's worker).</exception>
    public static BlobLocation Parse(StageResult input)
    {
        var errors = new List<ValidationError>();
        return BlobLocation.Parse(input.GetString("source"), "source", errors)
            ?? throw new PermanentTaskException(string.Join(" ", errors.Select(e => e.Message)));
    }
}
