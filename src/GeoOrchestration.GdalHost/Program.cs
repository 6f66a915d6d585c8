// The GDAL host's entry point; everything it does is GdalHostServer's (in GeoOrchestration.Jobs, beside the client).
return GeoOrchestration.Jobs.Gdal.Host.Server.GdalHostServer.Run(args);
