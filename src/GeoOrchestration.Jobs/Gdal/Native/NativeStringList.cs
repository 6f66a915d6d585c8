using System.Runtime.InteropServices;

namespace GeoOrchestration.Jobs.Gdal.Native;

/// <summary>
/// A NULL-terminated array of UTF-8 C strings (GDAL's <c>char**</c> string list) in unmanaged
/// memory, freed on dispose. GDAL copies what it keeps (the *OptionsNew functions, the
/// transformer's options), so the list only has to live for the call.
/// </summary>
internal sealed class NativeStringList : IDisposable
{
    private readonly IntPtr[] _strings;
    private IntPtr _array;

    public NativeStringList(IEnumerable<string> items)
    {
        _strings = items.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        _array = Marshal.AllocCoTaskMem(IntPtr.Size * (_strings.Length + 1));
        for (var i = 0; i < _strings.Length; i++) Marshal.WriteIntPtr(_array, i * IntPtr.Size, _strings[i]);
        Marshal.WriteIntPtr(_array, _strings.Length * IntPtr.Size, IntPtr.Zero);
    }

    /// <summary>The <c>char**</c> to pass.</summary>
    public IntPtr Pointer => _array;

    public void Dispose()
    {
        if (_array == IntPtr.Zero) return;
        foreach (var s in _strings) Marshal.FreeCoTaskMem(s);
        Marshal.FreeCoTaskMem(_array);
        _array = IntPtr.Zero;
    }
}
