using System.Runtime.InteropServices;

namespace GeoOrchestration.Jobs.Gdal.Native;

/// <summary>
/// The few functions of GDAL's C API the host calls (GDAL's utilities as library functions, the
/// generic image-to-projection transformer, driver metadata, SRS parsing, the error handler).
/// We bind GDAL ourselves because no .NET binding of GDAL is served here, and the official SWIG
/// bindings need a native build of the same GDAL version beside them; these plain C signatures
/// resolve against whatever libgdal the machine has (<see cref="GdalLibrary"/>).
/// The signatures hold for GDAL 2.1 and later (gdal_utils.h, GDALOpenEx, OSRExportToWktEx needs
/// 3.0; GDALCreateGenImgProjTransformer2 and GDALGenImgProjTransform are from 1.x). GDALClose is
/// declared void: it returns CPLErr only from GDAL 3.7, and ignoring a return register is safe
/// on every ABI; errors raised while closing arrive through the error handler either way.
/// Handles are <see cref="IntPtr"/>s owned by the caller (the host's operations).
/// </summary>
internal static unsafe partial class GdalApi
{
    /// <summary>The name every import uses; <see cref="GdalLibrary"/> maps it to the file it loaded.</summary>
    public const string Library = "gdal";

    /// <summary>GDALOpenEx flag: raster drivers only.</summary>
    public const uint OpenRaster = 0x02;
    /// <summary>GDALOpenEx flag: raise an error when the file cannot be opened (what the tools pass).</summary>
    public const uint OpenVerboseError = 0x40;

    /// <summary>OGRERR_NONE.</summary>
    public const int OgrNone = 0;

    [LibraryImport(Library)]
    public static partial void GDALAllRegister();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALVersionInfo(string request);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALOpenEx(string path, uint flags, IntPtr allowedDrivers, IntPtr openOptions, IntPtr siblingFiles);

    [LibraryImport(Library)]
    public static partial void GDALClose(IntPtr dataset);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALGetDriverByName(string name);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALGetMetadataItem(IntPtr majorObject, string name, string? domain);

    [LibraryImport(Library)]
    public static partial IntPtr GDALInfoOptionsNew(IntPtr argv, IntPtr optionsForBinary);

    [LibraryImport(Library)]
    public static partial void GDALInfoOptionsFree(IntPtr options);

    /// <summary>Returns a string to free with <see cref="VSIFree"/>.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr GDALInfo(IntPtr dataset, IntPtr options);

    [LibraryImport(Library)]
    public static partial IntPtr GDALTranslateOptionsNew(IntPtr argv, IntPtr optionsForBinary);

    [LibraryImport(Library)]
    public static partial void GDALTranslateOptionsFree(IntPtr options);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALTranslate(string destination, IntPtr source, IntPtr options, int* usageError);

    [LibraryImport(Library)]
    public static partial IntPtr GDALWarpAppOptionsNew(IntPtr argv, IntPtr optionsForBinary);

    [LibraryImport(Library)]
    public static partial void GDALWarpAppOptionsFree(IntPtr options);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr GDALWarp(string destination, IntPtr destinationDataset, int sourceCount, IntPtr* sources,
        IntPtr options, int* usageError);

    [LibraryImport(Library)]
    public static partial IntPtr GDALCreateGenImgProjTransformer2(IntPtr source, IntPtr destination, IntPtr options);

    [LibraryImport(Library)]
    public static partial int GDALGenImgProjTransform(IntPtr transformer, int destinationToSource, int count,
        double* x, double* y, double* z, int* success);

    [LibraryImport(Library)]
    public static partial void GDALDestroyGenImgProjTransformer(IntPtr transformer);

    [LibraryImport(Library)]
    public static partial IntPtr OSRNewSpatialReference(IntPtr wkt);

    [LibraryImport(Library)]
    public static partial void OSRDestroySpatialReference(IntPtr srs);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OSRSetFromUserInput(IntPtr srs, string definition);

    /// <summary>Sets <paramref name="result"/> to a string to free with <see cref="VSIFree"/>.</summary>
    [LibraryImport(Library)]
    public static partial int OSRExportToWktEx(IntPtr srs, IntPtr* result, IntPtr options);

    [LibraryImport(Library)]
    public static partial void VSIFree(IntPtr memory);

    /// <summary>Replaces the process-wide error handler (threads GDAL starts report through it too); returns the previous one.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr CPLSetErrorHandler(delegate* unmanaged[Cdecl]<int, int, byte*, void> handler);

    /// <summary>A UTF-8 C string GDAL owns, or null.</summary>
    public static string? Text(IntPtr utf8) => utf8 == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(utf8);

    /// <summary>A UTF-8 C string GDAL allocated for us, copied and freed; null for a null pointer.</summary>
    public static string? TakeText(IntPtr utf8)
    {
        if (utf8 == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(utf8);
        }
        finally
        {
            VSIFree(utf8);
        }
    }
}
