using System.Management.Automation;
using System.Reflection;

namespace GeoOrchestration.PowerShell.Tests;

/// <summary>The cmdlets' metadata, read by reflection: what PowerShell users rely on without reading the code.</summary>
public sealed class CmdletMetadataTests
{
    // The cmdlets that change the store: each must honour -WhatIf and -Confirm.
    private static readonly string[] StateChanging =
        ["Invoke-GeoJob", "Invoke-GeoSchemaDeploy", "Restart-GeoJob", "Stop-GeoJob", "Submit-GeoJob", "Remove-GeoJob", "Set-GeoRetention"];

    [Theory]
    [MemberData(nameof(CmdletTypes.Names), MemberType = typeof(CmdletTypes))]
    public void Verb_IsApproved(string type)
    {
        var verb = CmdletTypes.Named(type).GetCustomAttribute<CmdletAttribute>()!.VerbName;
        Assert.Contains(verb, ApprovedVerbs());
    }

    [Theory]
    [MemberData(nameof(CmdletTypes.Names), MemberType = typeof(CmdletTypes))]
    public void Noun_IsSingularWithTheGeoPrefix(string type)
    {
        var noun = CmdletTypes.Named(type).GetCustomAttribute<CmdletAttribute>()!.NounName;
        Assert.StartsWith("Geo", noun);
        Assert.False(noun.EndsWith('s') && noun != "GeoOrchestration", $"{noun} reads as a plural.");
    }

    [Theory]
    [MemberData(nameof(CmdletTypes.Names), MemberType = typeof(CmdletTypes))]
    public void OutputType_IsDeclared(string type)
    {
        Assert.NotEmpty(CmdletTypes.Named(type).GetCustomAttributes<OutputTypeAttribute>());
    }

    [Theory]
    [MemberData(nameof(CmdletTypes.Names), MemberType = typeof(CmdletTypes))]
    public void ShouldProcess_IsSupportedExactlyByTheCmdletsThatChangeTheStore(string type)
    {
        var cmdlet = CmdletTypes.Named(type).GetCustomAttribute<CmdletAttribute>()!;
        Assert.Equal(StateChanging.Contains($"{cmdlet.VerbName}-{cmdlet.NounName}"), cmdlet.SupportsShouldProcess);
    }

    [Theory]
    [MemberData(nameof(CmdletTypes.Names), MemberType = typeof(CmdletTypes))]
    public void Cmdlet_IsSealedAndTakesAConnection_ExceptConnectAndDisconnect(string type)
    {
        var cmdlet = CmdletTypes.Named(type);
        Assert.True(cmdlet.IsSealed);
        // inherit: false, as PowerShell reads it: Connect-GeoOrchestration overrides the property
        // without [Parameter], since it sets the session's store rather than working on one;
        // Disconnect-GeoOrchestration, which resets it, likewise.
        var parameter = cmdlet.GetProperty("Connection")?.GetCustomAttribute<ParameterAttribute>(inherit: false);
        if (type is "ConnectGeoOrchestrationCommand" or "DisconnectGeoOrchestrationCommand") Assert.Null(parameter);
        else Assert.NotNull(parameter);
    }

    [Fact]
    public void SchemaDeploy_HasHighConfirmImpact_AndSubmitLow()
    {
        Assert.Equal(ConfirmImpact.High, CmdletTypes.Named("InvokeGeoSchemaDeployCommand").GetCustomAttribute<CmdletAttribute>()!.ConfirmImpact);
        Assert.Equal(ConfirmImpact.Low, CmdletTypes.Named("SubmitGeoJobCommand").GetCustomAttribute<CmdletAttribute>()!.ConfirmImpact);
    }

    private static HashSet<string> ApprovedVerbs() =>
        new[] { typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic), typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)).Select(f => (string)f.GetValue(null)!).ToHashSet();
}
