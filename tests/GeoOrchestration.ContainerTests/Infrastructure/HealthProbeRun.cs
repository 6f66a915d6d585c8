namespace GeoOrchestration.ContainerTests.Infrastructure;

/// <summary>One run of a container's health check as the engine logs it (<c>State.Health.Log</c>): the probe's exit code and output.</summary>
public sealed record HealthProbeRun(int ExitCode, string Output);
