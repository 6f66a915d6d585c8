using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace GeoOrchestration.PowerShell.Loading;

/// <summary>
/// Runs when PowerShell imports the module: from then on, when the default context cannot find one
/// of the module's own assemblies (the cmdlets ask for <c>GeoOrchestration.Core</c> and the like),
/// it is loaded into <see cref="DependencyLoadContext"/>, and everything those assemblies need
/// follows them there.
/// </summary>
/// <remarks>
/// The cmdlet assembly itself references only the module's own assemblies and the framework, never
/// a third-party one: a type such as <c>ILogger</c> seen from the default context could be another
/// module's copy. <c>ModuleAssemblyTests</c> holds it to that.
/// </remarks>
public sealed class ModuleLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly Lazy<DependencyLoadContext> LazyContext = new(() =>
        new DependencyLoadContext(Path.Combine(Path.GetDirectoryName(typeof(ModuleLoader).Assembly.Location)!, "dependencies")));

    /// <summary>The module's private load context (plug-in assemblies of <c>Start-GeoWorker -Assembly</c> load here too).</summary>
    internal static DependencyLoadContext Context => LazyContext.Value;

    public void OnImport()
    {
        AssemblyLoadContext.Default.Resolving += Resolve;
        // pwsh exits without removing its modules: close the stores then too, so an embedded file is
        // checkpointed and left without its -wal and -shm files, as geoorch leaves it.
        AppDomain.CurrentDomain.ProcessExit += CloseStores;
        // PowerShell registers the module's job source adapter itself (a public JobSourceAdapter type of the
        // module's assembly); sessions may hold GeoJobs as PowerShell jobs from now on.
        Jobs.SessionJobs.Enable();
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        AppDomain.CurrentDomain.ProcessExit -= CloseStores;
        // The adapter stays registered (PowerShell has no way to unregister one): it lists nothing from now on.
        Jobs.SessionJobs.Disable();
        Infrastructure.ConnectionCache.DisposeAll();
        // Last: the clean-up above uses the module's own assemblies, which the default context finds only through
        // this handler (a module removed before any command ran had not loaded them yet).
        AssemblyLoadContext.Default.Resolving -= Resolve;
    }

    private static void CloseStores(object? sender, EventArgs e)
    {
        try
        {
            Infrastructure.ConnectionCache.DisposeAll();
        }
        catch (Exception)
        {
            // The process is ending: a store that cannot close now is recovered at its next open.
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        // Only the module's own assemblies are bridged, and a runtime assembly the runtime has only in an
        // older version than the cmdlets need (FrameworkAssemblies): nothing else in the session is affected.
        name.Name is { } simple && (simple.StartsWith("GeoOrchestration.", StringComparison.Ordinal) || FrameworkAssemblies.Contains(simple)) && Context.Holds(name)
            ? Context.LoadFromAssemblyName(name)
            : null;
}
