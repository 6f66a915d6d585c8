namespace GeoOrchestration.PowerShell.Output;

/// <summary>One migration of the store's schema, as <c>Invoke-GeoSchemaDeploy</c> reports it.</summary>
public sealed class GeoSchemaMigration
{
    public string Schema { get; init; } = "";
    public int Version { get; init; }
    public string Name { get; init; } = "";

    /// <summary><c>applied</c> (by this call), <c>present</c> (applied before) or <c>pending</c> (under -WhatIf).</summary>
    public string Status { get; init; } = "";

    public override string ToString() => Name;
}
