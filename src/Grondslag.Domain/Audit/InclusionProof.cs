using System.Numerics;

namespace Grondslag.Domain.Audit;

/// <summary>
/// Inclusion (audit) proofs, RFC 9162 §2.1.3: the sibling hashes, leaf to root, that link one
/// leaf to the root of a tree. Semantics follow transparency-dev/merkle, including its checks
/// on sizes and proof length.
/// </summary>
public static class InclusionProof
{
    /// <summary>
    /// The proof that leaf <paramref name="leafIndex"/> is in the tree formed by the first
    /// <paramref name="treeSize"/> of <paramref name="leafHashes"/>. Costs O(treeSize) hashing.
    /// </summary>
    public static IReadOnlyList<byte[]> Generate(IReadOnlyList<byte[]> leafHashes, long leafIndex, long treeSize)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, leafHashes.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, treeSize);

        var proof = new List<byte[]>();
        AppendPath(leafHashes, 0, (int)treeSize, (int)leafIndex, proof);
        return proof;
    }

    /// <summary>
    /// Checks that <paramref name="leafHash"/> sits at <paramref name="leafIndex"/> in the tree of
    /// <paramref name="treeSize"/> leaves with root <paramref name="root"/> (RFC 9162 §2.1.3.2).
    /// Index and size are unsigned 64-bit, as on the wire, so any value received can be checked.
    /// </summary>
    public static ProofVerification Verify(ulong leafIndex, ulong treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafIndex >= treeSize)
        {
            return ProofVerification.Invalid($"Leaf index {leafIndex} is beyond a tree of {treeSize} leaves.");
        }

        if (leafHash.Length != MerkleHasher.HashSize)
        {
            return ProofVerification.Invalid($"The leaf hash is {leafHash.Length} bytes, not {MerkleHasher.HashSize}.");
        }

        if (FindMalformed(proof) is { } bad)
        {
            return ProofVerification.Invalid($"Proof hash {bad} is not {MerkleHasher.HashSize} bytes.");
        }

        var (inner, border) = Decompose(leafIndex, treeSize);
        if (proof.Count != inner + border)
        {
            return ProofVerification.Invalid($"The proof has {proof.Count} hashes; leaf {leafIndex} of {treeSize} needs {inner + border}.");
        }

        Span<byte> computed = stackalloc byte[MerkleHasher.HashSize];
        leafHash.CopyTo(computed);
        ChainInner(computed, proof, 0, inner, leafIndex);
        ChainBorderRight(computed, proof, inner, border);
        return ProofVerification.MatchRoot(computed, root, "tree root");
    }

    /// <summary>
    /// Checks a subtree inclusion proof (transparency-dev/merkle; the Merkle Tree Certificates
    /// draft): that <paramref name="leafHash"/> sits at <paramref name="leafIndex"/> inside the
    /// subtree of leaves [<paramref name="start"/>, <paramref name="end"/>) with root <paramref name="subtreeRoot"/>.
    /// </summary>
    public static ProofVerification VerifySubtree(ulong leafIndex, ulong start, ulong end, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> subtreeRoot)
    {
        if (ConsistencyProof.SubtreeError(start, end) is { } invalid)
        {
            return ProofVerification.Invalid(invalid);
        }

        return leafIndex < start || leafIndex >= end
            ? ProofVerification.Invalid($"Leaf index {leafIndex} lies outside the subtree [{start}, {end}).")
            : Verify(leafIndex - start, end - start, leafHash, proof, subtreeRoot);
    }

    /// <summary>
    /// Splits a proof for <paramref name="index"/> in a tree of <paramref name="size"/> leaves into the
    /// part below the point where the paths to <paramref name="index"/> and to the last leaf part ways
    /// (inner) and the part above it, where <paramref name="index"/> is always a right child (border).
    /// </summary>
    internal static (int Inner, int Border) Decompose(ulong index, ulong size)
    {
        var inner = 64 - BitOperations.LeadingZeroCount(index ^ (size - 1));
        var border = BitOperations.PopCount(ShiftRight(index, inner));
        return (inner, border);
    }

    /// <summary>x >> bits, but 0 for a shift by 64 (C# would shift by 0).</summary>
    internal static ulong ShiftRight(ulong value, int bits) => bits >= 64 ? 0 : value >> bits;

    /// <summary>Folds proof[from..from+count) into <paramref name="seed"/>, on the side the index bits say.</summary>
    internal static void ChainInner(Span<byte> seed, IReadOnlyList<byte[]> proof, int from, int count, ulong index)
    {
        for (var i = 0; i < count; i++)
        {
            if (((index >> i) & 1) == 0)
            {
                MerkleHasher.HashChildren(seed, proof[from + i], seed);
            }
            else
            {
                MerkleHasher.HashChildren(proof[from + i], seed, seed);
            }
        }
    }

    /// <summary>Like <see cref="ChainInner"/>, but only the levels where the seed is a right child.</summary>
    internal static void ChainInnerRight(Span<byte> seed, IReadOnlyList<byte[]> proof, int from, int count, ulong index)
    {
        for (var i = 0; i < count; i++)
        {
            if (((index >> i) & 1) == 1)
            {
                MerkleHasher.HashChildren(proof[from + i], seed, seed);
            }
        }
    }

    internal static void ChainBorderRight(Span<byte> seed, IReadOnlyList<byte[]> proof, int from, int count)
    {
        for (var i = 0; i < count; i++)
        {
            MerkleHasher.HashChildren(proof[from + i], seed, seed);
        }
    }

    internal static int? FindMalformed(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is null || proof[i].Length != MerkleHasher.HashSize)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2): RFC 9162's split point k.</summary>
    internal static int SplitPoint(int n) => 1 << (31 - BitOperations.LeadingZeroCount((uint)(n - 1)));

    // RFC 9162 §2.1.3.1 PATH(m, D[start:start+n]), appended leaf to root.
    private static void AppendPath(IReadOnlyList<byte[]> leafHashes, int start, int n, int m, List<byte[]> proof)
    {
        if (n <= 1)
        {
            return;
        }

        var k = SplitPoint(n);
        if (m < k)
        {
            AppendPath(leafHashes, start, k, m, proof);
            proof.Add(MerkleTree.ComputeRoot(leafHashes, start + k, n - k));
        }
        else
        {
            AppendPath(leafHashes, start + k, n - k, m - k, proof);
            proof.Add(MerkleTree.ComputeRoot(leafHashes, start, k));
        }
    }
}
