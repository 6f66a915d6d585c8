namespace GeoOrchestration.Core.Tests.Registry.Fixtures;

public sealed class EmptyParameters;
