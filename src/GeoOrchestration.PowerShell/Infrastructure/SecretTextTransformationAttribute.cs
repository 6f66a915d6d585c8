using System.Management.Automation;
using System.Security;

namespace GeoOrchestration.PowerShell.Infrastructure;

/// <summary>
/// Lets a <see cref="SecureString"/> parameter take plain text too, as SecretManagement's <c>Set-Secret
/// -Secret</c> does: <c>Get-Secret</c>'s SecureString binds as it is, a string (a test's or a local double's
/// connection string) is wrapped. Either way the cmdlet holds a SecureString and never echoes it.
/// </summary>
internal sealed class SecretTextTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            string text => ToSecureString(text),
            var other => other,
        };

    private static SecureString ToSecureString(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
