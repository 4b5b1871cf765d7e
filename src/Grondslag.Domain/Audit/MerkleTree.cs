namespace Grondslag.Domain.Audit;

/// <summary>Root hashes of whole trees (RFC 9162 §2.1.1 MTH), computed in one O(n) pass.</summary>
public static class MerkleTree
{
    /// <summary>The root of the tree whose leaves have the given leaf hashes.</summary>
    public static byte[] ComputeRoot(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        return ComputeRoot(leafHashes, 0, leafHashes.Count);
    }

    /// <summary>
    /// The root of the tree whose leaf hashes lie back to back (32 bytes each) in
    /// <paramref name="concatenatedLeafHashes"/>.
    /// </summary>
    public static byte[] ComputeRoot(ReadOnlySpan<byte> concatenatedLeafHashes)
    {
        if (concatenatedLeafHashes.Length % MerkleHasher.HashSize != 0)
        {
            throw new ArgumentException($"The leaf hashes are {concatenatedLeafHashes.Length} bytes, not a multiple of {MerkleHasher.HashSize}.", nameof(concatenatedLeafHashes));
        }

        var frontier = new MerkleFrontier();
        for (var offset = 0; offset < concatenatedLeafHashes.Length; offset += MerkleHasher.HashSize)
        {
            frontier.Append(concatenatedLeafHashes.Slice(offset, MerkleHasher.HashSize));
        }

        return frontier.Root();
    }

    /// <summary>The root of the tree of log entries (each hashed as a leaf first).</summary>
    public static byte[] ComputeRootOfEntries(IEnumerable<byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var frontier = new MerkleFrontier();
        foreach (var entry in entries)
        {
            frontier.AppendEntry(entry);
        }

        return frontier.Root();
    }

    /// <summary>The root of the subtree over leaves [start, start + count).</summary>
    internal static byte[] ComputeRoot(IReadOnlyList<byte[]> leafHashes, int start, int count)
    {
        var frontier = new MerkleFrontier();
        for (var i = start; i < start + count; i++)
        {
            frontier.Append(leafHashes[i]);
        }

        return frontier.Root();
    }
}
