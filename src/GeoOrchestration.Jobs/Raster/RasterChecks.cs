using GeoOrchestration.Errors;
using GeoOrchestration.Jobs.Gdal;
using GeoOrchestration.Jobs.Raster.Sources;
using GeoOrchestration.Jobs.Storage;

namespace GeoOrchestration.Jobs.Raster;

/// <summary>
/// Submit-time checks the raster job types share. They look at the file system and GDAL of the
/// machine that submits: where that is not the workers' (a laptop submitting for a cluster), the
/// same conditions are checked again by the tasks, which then fail naming the file.
/// </summary>
internal static class RasterChecks
{
    /// <summary>
    /// The source, or null with its problems added to <paramref name="errors"/>. A source in Blob
    /// Storage is also asked of the service (<see cref="RasterBlobChecks.Access"/>).
    /// </summary>
    public static RasterSource? Source(RasterParameters p, List<ValidationError> errors)
    {
        var source = RasterSource.Parse(p.Source, p.Recursive, errors);
        if (source is { IsBlob: true }) RasterBlobChecks.Access(source, errors);
        return source;
    }

    /// <summary>
    /// The destination is an absolute folder path (existing or not), writable, and (unless
    /// <paramref name="mayBeInSource"/>) neither the source folder nor inside it, where a later run
    /// would take the outputs for inputs; or a blob location (<see cref="RasterBlobChecks.Destination"/>).
    /// </summary>
    /// <param name="mayBeInSource">The catalogue points at the sources themselves (raster_inventory), so it may lie beside them.</param>
    public static void Destination(RasterParameters p, RasterSource? source, bool mayBeInSource, List<ValidationError> errors)
    {
        var destination = p.Destination;
        if (BlobLocation.IsBlob(destination))
        {
            RasterBlobChecks.Destination(p, source, mayBeInSource, errors);
            return;
        }
        if (!Path.IsPathFullyQualified(destination))
        {
            errors.Add(new("destination", "absolute",
                $"Parameter 'destination' must be an absolute path (workers may run in another folder); got '{destination}'."));
            return;
        }
        if (File.Exists(destination))
        {
            errors.Add(new("destination", "folder", $"Parameter 'destination': '{destination}' is a file, not a folder."));
            return;
        }
        if (!mayBeInSource && source?.Folder is { } folder && RasterSource.IsInside(destination, folder))
            errors.Add(new("destination", "inside_source",
                $"Parameter 'destination' ('{destination}') is inside the source folder '{folder}'; choose a folder outside it, so outputs are never read as inputs."));
        if (WritableProblem(destination) is { } problem)
            errors.Add(new("destination", "writable", $"Parameter 'destination': cannot write to '{destination}': {problem}"));
    }

    /// <summary>A collection id is used in file names and URLs: letters, digits, '.', '_' and '-'.</summary>
    public static void CollectionId(RasterParameters p, List<ValidationError> errors)
    {
        if (p.CollectionId is { } id && !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            errors.Add(new("collection_id", "format",
                $"Parameter 'collection_id' may hold only letters, digits, '.', '_' and '-'; got '{id}'."));
    }

    /// <summary>
    /// GDAL can run here: its library loads in a host (<see cref="GdalHostPool.EnsureAvailable"/>);
    /// else a <see cref="GeoConfigurationException"/> (<see cref="GdalFailure.NotFoundId"/>) says what is missing.
    /// </summary>
    public static void Gdal(GdalHostPool pool) => pool.EnsureAvailable();

    /// <summary>
    /// Whether a folder can be made and written at <paramref name="destination"/>: a probe file is
    /// created (and removed on close) in it, or in its nearest existing parent when it does not exist
    /// yet. Permissions alone cannot tell (root passes every check; a read-only mount does not).
    /// </summary>
    private static string? WritableProblem(string destination)
    {
        var folder = destination;
        while (!Directory.Exists(folder))
        {
            if (File.Exists(folder)) return $"'{folder}' is a file, so no folder can be made below it.";
            folder = Path.GetDirectoryName(folder);
            if (folder is null) return "no part of the path exists.";
        }
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".geoorch-probe-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>Asks GDAL in one host session from the synchronous submit path (off any synchronisation context).</summary>
    public static T Ask<T>(GdalHostPool pool, Func<GdalSession, Task<T>> query) => Task.Run(async () =>
    {
        await using var gdal = await pool.OpenAsync(CancellationToken.None);
        return await query(gdal);
    }).GetAwaiter().GetResult();
}
