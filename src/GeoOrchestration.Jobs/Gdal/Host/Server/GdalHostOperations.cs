using System.Text.Json.Nodes;
using GeoOrchestration.Jobs.Gdal.Host.Protocol;
using GeoOrchestration.Jobs.Gdal.Native;

namespace GeoOrchestration.Jobs.Gdal.Host.Server;

/// <summary>
/// The host's operations, each the C API calls its command-line tool makes (see
/// <see cref="GdalHostOps"/>): options parsed first (a usage error before any file is touched), the
/// input opened as the tools open it (raster drivers, verbose errors), every handle closed however
/// the call ends. GDAL's diagnostics reach the response through <see cref="GdalErrorCapture"/>.
/// </summary>
internal static unsafe class GdalHostOperations
{
    private const uint OpenFlags = GdalApi.OpenRaster | GdalApi.OpenVerboseError;

    public static GdalHostOutcome Run(GdalHostRequest request) => request.Op switch
    {
        GdalHostOps.Info => Info(Required(request.Path, "path"), request.Args ?? []),
        GdalHostOps.Translate => Translate(Required(request.Source, "source"), Required(request.Destination, "destination"), request.Args ?? []),
        GdalHostOps.Warp => Warp(Required(request.Source, "source"), Required(request.Destination, "destination"), request.Args ?? []),
        GdalHostOps.Transform => GdalHostTransform.Run(Required(request.Path, "path"), Required(request.TargetSrs, "target_srs"),
            request.Points ?? throw new GdalHostRequestException("The transform request has no 'points'.")),
        GdalHostOps.CreationOptions => CreationOptions(Required(request.Driver, "driver")),
        GdalHostOps.Srs => Srs(Required(request.Text, "text")),
        _ => throw new GdalHostRequestException(
            $"Unknown op '{request.Op}': the host answers {string.Join(", ", GdalHostOps.All)}."),
    };

    /// <summary>gdalinfo: the options, then the dataset, then GDALInfo's text (JSON with -json).</summary>
    private static GdalHostOutcome Info(string path, IReadOnlyList<string> args)
    {
        using var argv = new NativeStringList(args);
        var options = GdalApi.GDALInfoOptionsNew(argv.Pointer, IntPtr.Zero);
        if (options == IntPtr.Zero) return GdalHostOutcome.UsageError;
        try
        {
            var dataset = GdalApi.GDALOpenEx(path, OpenFlags, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
            if (dataset == IntPtr.Zero) return GdalHostOutcome.Failed;
            try
            {
                var text = GdalApi.TakeText(GdalApi.GDALInfo(dataset, options));
                return text is null ? GdalHostOutcome.Failed : GdalHostOutcome.Success(new JsonObject { ["json"] = text });
            }
            finally
            {
                GdalApi.GDALClose(dataset);
            }
        }
        finally
        {
            GdalApi.GDALInfoOptionsFree(options);
        }
    }

    /// <summary>gdal_translate: the result is closed here, which is when most drivers (COG among them) finish writing.</summary>
    private static GdalHostOutcome Translate(string source, string destination, IReadOnlyList<string> args) =>
        Utility(source, args, GdalApi.GDALTranslateOptionsNew, GdalApi.GDALTranslateOptionsFree,
            (input, options, usage) => GdalApi.GDALTranslate(destination, input, options, usage));

    /// <summary>gdalwarp into a new destination (an existing file is replaced, never warped into).</summary>
    private static GdalHostOutcome Warp(string source, string destination, IReadOnlyList<string> args) =>
        Utility(source, args, GdalApi.GDALWarpAppOptionsNew, GdalApi.GDALWarpAppOptionsFree,
            (input, options, usage) => GdalApi.GDALWarp(destination, IntPtr.Zero, 1, &input, options, usage));

    /// <summary>Parses a utility's options (argv, no binary options).</summary>
    private delegate IntPtr OptionsNew(IntPtr argv, IntPtr binaryOptions);

    /// <summary>Runs the utility on the opened source: the result's handle, <paramref name="usage"/> set on a usage error.</summary>
    private delegate IntPtr UtilityCall(IntPtr input, IntPtr options, int* usage);

    /// <summary>
    /// The frame every utility that writes a result shares, as its tool runs it: the options parsed
    /// (a usage error before any file is touched), the source opened, the utility called, its result
    /// closed (<see cref="Finish"/>), and the source and options freed however the call ends.
    /// </summary>
    private static GdalHostOutcome Utility(string source, IReadOnlyList<string> args, OptionsNew optionsNew,
        Action<IntPtr> optionsFree, UtilityCall call)
    {
        using var argv = new NativeStringList(args);
        var options = optionsNew(argv.Pointer, IntPtr.Zero);
        if (options == IntPtr.Zero) return GdalHostOutcome.UsageError;
        try
        {
            var input = GdalApi.GDALOpenEx(source, OpenFlags, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
            if (input == IntPtr.Zero) return GdalHostOutcome.Failed;
            try
            {
                int usage;
                var output = call(input, options, &usage);
                return Finish(output, usage);
            }
            finally
            {
                GdalApi.GDALClose(input);
            }
        }
        finally
        {
            optionsFree(options);
        }
    }

    /// <summary>
    /// Closes a utility's result. An error raised while closing fails the request: the file was
    /// written then (the last blocks, the overviews, a VRT's XML) and may be incomplete.
    /// </summary>
    private static GdalHostOutcome Finish(IntPtr output, int usage)
    {
        if (usage != 0)
        {
            if (output != IntPtr.Zero) GdalApi.GDALClose(output);
            return GdalHostOutcome.UsageError;
        }
        if (output == IntPtr.Zero) return GdalHostOutcome.Failed;
        var before = GdalErrorCapture.Count;
        GdalApi.GDALClose(output);
        return GdalErrorCapture.ErrorSince(before) ? GdalHostOutcome.Failed : GdalHostOutcome.Success();
    }

    /// <summary>What <c>gdalinfo --format DRIVER</c> shows as the creation option list.</summary>
    private static GdalHostOutcome CreationOptions(string driver)
    {
        var handle = GdalApi.GDALGetDriverByName(driver);
        if (handle == IntPtr.Zero)
        {
            GdalErrorCapture.Add(new GdalHostMessage(true, GdalHostMessage.IllegalArgument, $"This GDAL has no driver named '{driver}'."));
            return GdalHostOutcome.Failed;
        }
        var xml = GdalApi.Text(GdalApi.GDALGetMetadataItem(handle, "DMD_CREATIONOPTIONLIST", null));
        return GdalHostOutcome.Success(new JsonObject { ["xml"] = xml });
    }

    /// <summary>Whether GDAL (PROJ) reads <paramref name="text"/> as a CRS; its single-line WKT2 when it does.</summary>
    private static GdalHostOutcome Srs(string text)
    {
        var srs = GdalApi.OSRNewSpatialReference(IntPtr.Zero);
        try
        {
            if (GdalApi.OSRSetFromUserInput(srs, text) != GdalApi.OgrNone)
            {
                // gdalsrsinfo's own last line after PROJ's reason (when PROJ gave one), word for word.
                GdalErrorCapture.Add(new GdalHostMessage(true, GdalMessage.AppDefined, $"ERROR - failed to load SRS definition from {text}"));
                return GdalHostOutcome.Failed;
            }
            using var exportOptions = new NativeStringList(["FORMAT=WKT2_2019", "MULTILINE=NO"]);
            IntPtr wkt;
            var exported = GdalApi.OSRExportToWktEx(srs, &wkt, exportOptions.Pointer);
            var result = GdalApi.TakeText(wkt);
            return exported == GdalApi.OgrNone && result is not null
                ? GdalHostOutcome.Success(new JsonObject { ["wkt"] = result })
                : GdalHostOutcome.Failed;
        }
        finally
        {
            GdalApi.OSRDestroySpatialReference(srs);
        }
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw new GdalHostRequestException($"The request has no '{field}'.") : value;
}
