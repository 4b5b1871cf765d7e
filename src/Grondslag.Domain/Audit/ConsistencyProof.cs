using System.Numerics;

namespace Grondslag.Domain.Audit;

/// <summary>
/// Consistency proofs, RFC 9162 §2.1.4: the hashes that show a tree of one size is a prefix of a
/// larger tree, i.e. that the log between two checkpoints only appended. Semantics follow
/// transparency-dev/merkle: sizes must satisfy 0 &lt; size1 ≤ size2, and equal sizes need an
/// empty proof and equal roots.
/// </summary>
public static class ConsistencyProof
{
    /// <summary>
    /// The proof that the tree of the first <paramref name="size1"/> leaf hashes is a prefix of the
    /// tree of the first <paramref name="size2"/>. Costs O(size2) hashing.
    /// </summary>
    public static IReadOnlyList<byte[]> Generate(IReadOnlyList<byte[]> leafHashes, long size1, long size2)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size2, size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size2, leafHashes.Count);

        var proof = new List<byte[]>();
        if (size1 < size2)
        {
            AppendSubproof(leafHashes, 0, (int)size2, (int)size1, true, proof);
        }

        return proof;
    }

    /// <summary>
    /// Checks that the tree (<paramref name="size1"/>, <paramref name="root1"/>) is a prefix of
    /// (<paramref name="size2"/>, <paramref name="root2"/>) (RFC 9162 §2.1.4.2). Sizes are unsigned
    /// 64-bit, as on the wire, so any value received can be checked.
    /// </summary>
    public static ProofVerification Verify(ulong size1, ulong size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size2 < size1)
        {
            return ProofVerification.Invalid($"The second tree ({size2} leaves) is smaller than the first ({size1}).");
        }

        if (size1 == 0)
        {
            // Every tree extends the empty tree, so such a proof would prove nothing.
            return ProofVerification.Invalid("A consistency proof from the empty tree proves nothing and is not accepted.");
        }

        if (size1 == size2)
        {
            return proof.Count != 0
                ? ProofVerification.Invalid($"Both trees have {size1} leaves, so the proof must be empty, but it has {proof.Count} hashes.")
                : ProofVerification.MatchRoot(root1, root2, "root of the equally sized tree");
        }

        if (proof.Count == 0)
        {
            return ProofVerification.Invalid($"The proof from size {size1} to {size2} is empty.");
        }

        if (InclusionProof.FindMalformed(proof) is { } bad)
        {
            return ProofVerification.Invalid($"Proof hash {bad} is not {MerkleHasher.HashSize} bytes.");
        }

        // The proof is the suffix of an inclusion proof for leaf size1-1 in the larger tree,
        // starting at the level of the largest perfect subtree that ends at size1.
        var (inner, border) = InclusionProof.Decompose(size1 - 1, size2);
        var shift = BitOperations.TrailingZeroCount(size1);
        inner -= shift;

        // That subtree's root is the first proof hash, unless it is the whole first tree.
        var seedIsRoot1 = size1 == 1UL << shift;
        var start = seedIsRoot1 ? 0 : 1;
        if (proof.Count != start + inner + border)
        {
            return ProofVerification.Invalid($"The proof has {proof.Count} hashes; from size {size1} to {size2} needs {start + inner + border}.");
        }

        if (seedIsRoot1 && root1.Length != MerkleHasher.HashSize)
        {
            return ProofVerification.Invalid($"The first root is {root1.Length} bytes, not {MerkleHasher.HashSize}.");
        }

        var seed = seedIsRoot1 ? root1 : proof[0];
        var mask = (size1 - 1) >> shift;

        Span<byte> hash1 = stackalloc byte[MerkleHasher.HashSize];
        seed.CopyTo(hash1);
        InclusionProof.ChainInnerRight(hash1, proof, start, inner, mask);
        InclusionProof.ChainBorderRight(hash1, proof, start + inner, border);
        var first = ProofVerification.MatchRoot(hash1, root1, "first tree root");
        if (!first.IsValid)
        {
            return first;
        }

        Span<byte> hash2 = stackalloc byte[MerkleHasher.HashSize];
        seed.CopyTo(hash2);
        InclusionProof.ChainInner(hash2, proof, start, inner, mask);
        InclusionProof.ChainBorderRight(hash2, proof, start + inner, border);
        var second = ProofVerification.MatchRoot(hash2, root2, "second tree root");
        return second.IsValid
            ? ProofVerification.Valid($"The tree of {size1} leaves is a prefix of the tree of {size2} leaves.")
            : second;
    }

    // RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:start+n], b), appended leaf to root.
    private static void AppendSubproof(IReadOnlyList<byte[]> leafHashes, int start, int n, int m, bool wholeFirstTree, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!wholeFirstTree)
            {
                proof.Add(MerkleTree.ComputeRoot(leafHashes, start, n));
            }

            return;
        }

        var k = InclusionProof.SplitPoint(n);
        if (m <= k)
        {
            AppendSubproof(leafHashes, start, k, m, wholeFirstTree, proof);
            proof.Add(MerkleTree.ComputeRoot(leafHashes, start + k, n - k));
        }
        else
        {
            AppendSubproof(leafHashes, start + k, n - k, m - k, false, proof);
            proof.Add(MerkleTree.ComputeRoot(leafHashes, start, k));
        }
    }
}
