using System.Reflection;
using GeoOrchestration.Registry;
using GeoOrchestration.Store;

namespace GeoOrchestration.Core.Tests;

/// <summary>
/// The façade hands out none of its parts: a front end that held the store, the registry or the
/// clock could act around it (read a job its own way, skip a check), so none of them is public.
/// </summary>
public sealed class GeoClientSurfaceTests
{
    [Theory]
    [InlineData(typeof(IGeoStore))]
    [InlineData(typeof(JobRegistry))]
    [InlineData(typeof(TimeProvider))]
    public void PublicMembers_HandOutNoPartOfTheFacade(Type part)
    {
        var members = typeof(GeoClient).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m switch
            {
                PropertyInfo p => part.IsAssignableFrom(p.PropertyType),
                FieldInfo f => part.IsAssignableFrom(f.FieldType),
                MethodInfo { IsSpecialName: false } method => part.IsAssignableFrom(method.ReturnType),
                _ => false,
            })
            .Select(m => m.Name);

        Assert.Empty(members);
    }
}
