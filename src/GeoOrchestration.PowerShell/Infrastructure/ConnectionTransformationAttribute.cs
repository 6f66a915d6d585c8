using System.Management.Automation;
using GeoOrchestration.PowerShell;

namespace GeoOrchestration.Infrastructure;

/// <summary>Lets <c>-Connection</c> take a connection string as well as a <see cref="GeoConnection"/>.</summary>
internal sealed class ConnectionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            string text => new GeoConnection(text, ConnectionCache.SchemaFromEnvironment(), "-Connection"),
            var other => other,
        };
}
