namespace GeoOrchestration.Jobs.Gdal.Host.Server;

/// <summary>A request the host cannot run as written (a field missing, an unknown op): answered with usage=true, the host stays up.</summary>
internal sealed class GdalHostRequestException(string message) : Exception(message);
