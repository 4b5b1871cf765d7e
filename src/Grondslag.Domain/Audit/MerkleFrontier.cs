using System.Numerics;

namespace Grondslag.Domain.Audit;

/// <summary>
/// The right edge of a Merkle tree (a "compact range" starting at leaf 0): the roots of the
/// perfect subtrees that make up a tree of <see cref="Size"/> leaves, largest first. It holds
/// O(log n) hashes, so a log can append and know its root without rereading its leaves.
/// Mutable by design: it is the accumulator of an append-only log, not a value.
/// </summary>
public sealed class MerkleFrontier
{
    // One perfect subtree per set bit of the size; a long has at most 63 of them.
    private const int MaxNodes = 64;

    private readonly byte[] _nodes = new byte[MaxNodes * MerkleHasher.HashSize];
    private int _count;

    /// <summary>Number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Restores a frontier saved with <see cref="ExportNodes"/>: <paramref name="nodes"/> must hold
    /// exactly one 32-byte hash per set bit of <paramref name="size"/>, largest subtree first.
    /// </summary>
    public static MerkleFrontier Restore(long size, IReadOnlyList<byte[]> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(nodes);
        var expected = BitOperations.PopCount((ulong)size);
        if (nodes.Count != expected)
        {
            throw new ArgumentException($"A tree of {size} leaves has {expected} frontier hashes, not {nodes.Count}.", nameof(nodes));
        }

        var frontier = new MerkleFrontier();
        for (var i = 0; i < nodes.Count; i++)
        {
            MerkleHasher.RequireHash(nodes[i], nameof(nodes));
            nodes[i].CopyTo(frontier.Slot(i));
        }

        frontier._count = nodes.Count;
        frontier.Size = size;
        return frontier;
    }

    /// <summary>Appends one leaf hash (already hashed with <see cref="MerkleHasher.HashLeaf(ReadOnlySpan{byte})"/>).</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        MerkleHasher.RequireHash(leafHash, nameof(leafHash));
        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("The tree is full.");
        }

        leafHash.CopyTo(Slot(_count));
        _count++;

        // Each trailing one bit of the old size is a perfect subtree of the same height as
        // the one just completed: merge them, the way a binary counter carries.
        for (var carry = Size; (carry & 1) == 1; carry >>= 1)
        {
            MerkleHasher.HashChildren(Slot(_count - 2), Slot(_count - 1), Slot(_count - 2));
            _count--;
        }

        Size++;
    }

    /// <summary>Hashes <paramref name="entry"/> as a leaf and appends it.</summary>
    public void AppendEntry(ReadOnlySpan<byte> entry)
    {
        Span<byte> leaf = stackalloc byte[MerkleHasher.HashSize];
        MerkleHasher.HashLeaf(entry, leaf);
        Append(leaf);
    }

    /// <summary>The root hash of the tree of <see cref="Size"/> leaves.</summary>
    public byte[] Root()
    {
        var root = new byte[MerkleHasher.HashSize];
        Root(root);
        return root;
    }

    /// <summary>Writes the root hash of the tree of <see cref="Size"/> leaves to <paramref name="destination"/>.</summary>
    public void Root(Span<byte> destination)
    {
        if (_count == 0)
        {
            MerkleHasher.EmptyRoot().CopyTo(destination);
            return;
        }

        Span<byte> accumulator = stackalloc byte[MerkleHasher.HashSize];
        Slot(_count - 1).CopyTo(accumulator);
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHasher.HashChildren(Slot(i), accumulator, accumulator);
        }

        accumulator.CopyTo(destination);
    }

    /// <summary>Copies of the frontier hashes, largest subtree first, for <see cref="Restore"/>.</summary>
    public IReadOnlyList<byte[]> ExportNodes()
    {
        var nodes = new byte[_count][];
        for (var i = 0; i < _count; i++)
        {
            nodes[i] = Slot(i).ToArray();
        }

        return nodes;
    }

    private Span<byte> Slot(int index) => _nodes.AsSpan(index * MerkleHasher.HashSize, MerkleHasher.HashSize);
}
