using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Grondslag.Attribution.Tables;

/// <summary>
/// A read-only array at a fixed address: either a pinned managed array (tables built in memory) or a slice of a
/// memory-mapped table file (tables loaded from <see cref="TableCache"/>). The owner keeps the memory alive as
/// long as the column is reachable; lookups index it without copying or parsing anything.
/// </summary>
internal readonly unsafe struct Column<T>
    where T : unmanaged
{
    private readonly T* _pointer;

    private Column(T* pointer, int length, object owner)
    {
        _pointer = pointer;
        Length = length;
        Owner = owner;
    }

    public int Length { get; }

    /// <summary>What keeps the memory alive (the pinned array or the <see cref="MappedFile"/>).</summary>
    public object Owner { get; }

    public ReadOnlySpan<T> Span => new(_pointer, Length);

    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (uint)index < (uint)Length ? _pointer[index] : throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>Copies <paramref name="values"/> into a new pinned array.</summary>
    public static Column<T> Of(ReadOnlySpan<T> values)
    {
        var array = GC.AllocateUninitializedArray<T>(values.Length, pinned: true);
        values.CopyTo(array);
        return Pinned(array);
    }

    /// <summary>Wraps an array allocated with <c>pinned: true</c> (it must never move).</summary>
    public static Column<T> Pinned(T[] array) =>
        new((T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)), array.Length, array);

    public static Column<T> Mapped(MappedFile file, long offset, int length)
    {
        if (offset < 0 || offset % sizeof(T) != 0 || length < 0 || offset + ((long)length * sizeof(T)) > file.Length)
        {
            throw new FormatException($"array at {offset} ({length} entries) lies outside the file or is misaligned");
        }

        return new((T*)(file.Pointer + offset), length, file);
    }
}

/// <summary>
/// A file mapped read-only into memory for as long as this object lives (unmapped by the finalizer once nothing
/// refers to it any more, so no lookup can outlive the mapping).
/// </summary>
internal sealed unsafe class MappedFile
{
    private readonly MemoryMappedViewAccessor _view;

    public MappedFile(string path)
    {
        Length = new FileInfo(path).Length;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + _view.PointerOffset;
    }

    ~MappedFile()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
    }

    public long Length { get; }

    public byte* Pointer { get; }

    public ReadOnlySpan<byte> Bytes(long offset, int length) =>
        offset >= 0 && length >= 0 && offset + length <= Length ? new(Pointer + offset, length) : throw new FormatException("read past the end of the file");
}
