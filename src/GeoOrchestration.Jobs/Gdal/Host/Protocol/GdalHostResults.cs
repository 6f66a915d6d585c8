namespace GeoOrchestration.Jobs.Gdal.Host.Protocol;

/// <summary><see cref="GdalHostOps.Info"/>'s result: exactly what <c>gdalinfo</c> prints for the same arguments.</summary>
public sealed record GdalHostInfoResult(string Json);

/// <summary>
/// <see cref="GdalHostOps.Transform"/>'s result: one entry per requested point, [x, y] in the
/// target CRS (longitude, latitude for EPSG:4326, as gdaltransform prints), or null where GDAL could
/// not transform the point (gdaltransform's "transformation failed.") or the result is not finite.
/// </summary>
public sealed record GdalHostTransformResult(IReadOnlyList<double[]?> Points);

/// <summary><see cref="GdalHostOps.CreationOptions"/>'s result: the driver's creation option list (XML), null when it has none.</summary>
public sealed record GdalHostCreationOptionsResult(string? Xml);

/// <summary><see cref="GdalHostOps.Srs"/>'s result: the CRS as single-line WKT2 (what <c>gdalsrsinfo --single-line -o wkt2</c> prints).</summary>
public sealed record GdalHostSrsResult(string Wkt);
