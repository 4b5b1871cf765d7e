using System.Buffers.Binary;

namespace Grondslag.Domain.Tests.Audit;

/// <summary>Trees shared by the Merkle tests: the reference eight-leaf tree and generated ones.</summary>
internal static class TestTrees
{
    /// <summary>The leaf inputs of the eight-leaf tree in transparency-log-vectors.md (and RFC 6962's test tree).</summary>
    public static readonly IReadOnlyList<byte[]> EightLeafEntries =
    [
        Convert.FromHexString(""),
        Convert.FromHexString("00"),
        Convert.FromHexString("10"),
        Convert.FromHexString("2021"),
        Convert.FromHexString("3031"),
        Convert.FromHexString("40414243"),
        Convert.FromHexString("5051525354555657"),
        Convert.FromHexString("606162636465666768696a6b6c6d6e6f"),
    ];

    public static IReadOnlyList<byte[]> EightLeafHashes { get; } =
        EightLeafEntries.Select(e => Domain.Audit.MerkleHasher.HashLeaf(e)).ToList();

    /// <summary>Distinct, reproducible leaf hashes for a tree of <paramref name="size"/> leaves.</summary>
    public static IReadOnlyList<byte[]> LeafHashes(int size, int seed = 0)
    {
        var leaves = new List<byte[]>(size);
        Span<byte> entry = stackalloc byte[8];
        for (var i = 0; i < size; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(entry, i);
            BinaryPrimitives.WriteInt32LittleEndian(entry[4..], seed);
            leaves.Add(Domain.Audit.MerkleHasher.HashLeaf(entry));
        }

        return leaves;
    }

    /// <summary>MTH written straight from RFC 9162 §2.1.1 (recursive), as an oracle independent of the product code.</summary>
    public static byte[] ReferenceRoot(IReadOnlyList<byte[]> leafHashes, int start, int count)
    {
        if (count == 0)
        {
            return System.Security.Cryptography.SHA256.HashData(Array.Empty<byte>());
        }

        if (count == 1)
        {
            return leafHashes[start];
        }

        var k = 1;
        while (k * 2 < count)
        {
            k *= 2;
        }

        var left = ReferenceRoot(leafHashes, start, k);
        var right = ReferenceRoot(leafHashes, start + k, count - k);
        return System.Security.Cryptography.SHA256.HashData([0x01, .. left, .. right]);
    }

    public static byte[] FlipBit(byte[] value, int bit)
    {
        var copy = (byte[])value.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
