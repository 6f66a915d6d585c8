using System.Management.Automation;
using System.Reflection;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>Remove-GeoJob deletes for good: it asks by default, and takes ids as strings and from objects.</summary>
public sealed class RemoveGeoJobMetadataTests
{
    [Fact]
    public void RemoveGeoJob_HasHighConfirmImpact()
    {
        var cmdlet = CmdletTypes.Named("RemoveGeoJobCommand").GetCustomAttribute<CmdletAttribute>()!;
        Assert.True(cmdlet.SupportsShouldProcess);
        Assert.Equal(ConfirmImpact.High, cmdlet.ConfirmImpact);
    }

    [Fact]
    public void RemoveGeoJob_JobId_BindsFromThePipelineByValueAndByPropertyName()
    {
        var parameter = CmdletTypes.Named("RemoveGeoJobCommand").GetProperty("JobId")!.GetCustomAttribute<ParameterAttribute>()!;
        Assert.True(parameter.ValueFromPipeline);
        Assert.True(parameter.ValueFromPipelineByPropertyName);
    }
}
