using GeoOrchestration.Definitions;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster.Cog;

/// <summary>Picks the <see cref="CogTarget"/> for a convert task's destination: a folder, or a blob location.</summary>
public static class CogTargets
{
    public static CogTarget For(CogOptions options, TaskContext context) =>
        BlobLocation.IsBlob(options.Destination)
            ? new BlobCogTarget(options, context.TaskId, context.Attempt)
            : new FileCogTarget(options);
}
