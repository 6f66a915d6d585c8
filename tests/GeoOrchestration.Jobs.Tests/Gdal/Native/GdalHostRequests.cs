using GeoOrchestration.Jobs.Gdal.Host.Protocol;

namespace GeoOrchestration.Jobs.Tests.Gdal.Native;

/// <summary>Requests as the worker sends them.</summary>
internal static class GdalHostRequests
{
    public static readonly string[] InfoArguments = ["-json", "-mdd", "IMAGERY"];

    public static GdalHostRequest Info(string path, params string[] args) =>
        new() { Op = GdalHostOps.Info, Path = path, Args = args.Length == 0 ? InfoArguments : args };

    public static GdalHostRequest Translate(string source, string destination, params string[] args) =>
        new() { Op = GdalHostOps.Translate, Source = source, Destination = destination, Args = args };

    public static GdalHostRequest Warp(string source, string destination, params string[] args) =>
        new() { Op = GdalHostOps.Warp, Source = source, Destination = destination, Args = args };

    public static GdalHostRequest Transform(string path, string targetSrs, IEnumerable<(double Col, double Row)> points) =>
        new() { Op = GdalHostOps.Transform, Path = path, TargetSrs = targetSrs, Points = points.Select(p => new[] { p.Col, p.Row }).ToList() };
}
