using System.Reflection;

namespace GeoOrchestration.Core.Tests.Support;

/// <summary>
/// An assembly that holds only the types a test hands it. JobRegistry only scans assemblies, and
/// this test assembly deliberately contains broken job types and clashing handlers; each registry
/// test picks the few it needs through this stand-in, so the test assembly itself must never be
/// scanned.
/// </summary>
internal sealed class TypeSetAssembly(string name, params Type[] types) : Assembly
{
    public override Type[] GetTypes() => types;

    public override AssemblyName GetName() => new(name);

    public override string FullName => name;
}
