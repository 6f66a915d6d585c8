using System.Management.Automation;
using GeoOrchestration.PowerShell.Output;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>Lets <c>-Connection</c> take a connection string as well as a <see cref="GeoConnectionInfo"/>.</summary>
internal sealed class ConnectionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            // A relative sqlite: path is PowerShell's current location's, as Connect-GeoOrchestration -Path takes it.
            string text => ConnectionCache.FromText(text, null, () => engineIntrinsics.SessionState.Path.CurrentFileSystemLocation.ProviderPath),
            var other => other,
        };
}
