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

        // The first tree is the subtree [0, size1) of the second.
        var result = VerifyAgainstSubtree(0, size1, size2, proof, root1, root2);
        return result.IsValid
            ? ProofVerification.Valid($"The tree of {size1} leaves is a prefix of the tree of {size2} leaves.")
            : result;
    }

    /// <summary>
    /// Checks a subtree consistency proof (transparency-dev/merkle; the Merkle Tree Certificates
    /// draft): that the subtree of leaves [<paramref name="start"/>, <paramref name="end"/>) with
    /// root <paramref name="subtreeRoot"/> sits at those positions in the tree of
    /// <paramref name="size"/> leaves with root <paramref name="root"/>. With start = 0 this is an
    /// ordinary consistency proof. An empty subtree (start = end) is accepted with an empty
    /// proof and the empty-tree hash as its root, whatever the tree.
    /// </summary>
    public static ProofVerification VerifySubtree(ulong start, ulong end, ulong size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> subtreeRoot, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (SubtreeError(start, end) is { } invalid)
        {
            return ProofVerification.Invalid(invalid);
        }

        if (size < end)
        {
            return ProofVerification.Invalid($"The subtree ends at {end}, beyond the tree of {size} leaves.");
        }

        if (start == end)
        {
            return proof.Count == 0 && subtreeRoot.SequenceEqual(MerkleHasher.EmptyRoot())
                ? ProofVerification.Valid("An empty subtree is part of every tree.")
                : ProofVerification.Invalid("An empty subtree needs an empty proof and the empty-tree hash as its root.");
        }

        if (start == 0 && end == size)
        {
            return proof.Count != 0
                ? ProofVerification.Invalid($"The subtree is the whole tree of {size} leaves, so the proof must be empty, but it has {proof.Count} hashes.")
                : ProofVerification.MatchRoot(subtreeRoot, root, "root of the subtree that is the whole tree");
        }

        if (proof.Count == 0)
        {
            return ProofVerification.Invalid($"The proof for subtree [{start}, {end}) of {size} leaves is empty.");
        }

        return VerifyAgainstSubtree(start, end, size, proof, subtreeRoot, root);
    }

    /// <summary>
    /// Null when [<paramref name="start"/>, <paramref name="end"/>) is a subtree: start ≤ end and
    /// start a multiple of the smallest power of two ≥ end − start (so one node covers it, with
    /// nothing to its left); otherwise why not.
    /// </summary>
    internal static string? SubtreeError(ulong start, ulong end)
    {
        if (start > end)
        {
            return $"The subtree starts at {start}, after its end {end}.";
        }

        if (start == 0 || start == end)
        {
            return null;
        }

        var length = end - start;
        if (length > 1UL << 63)
        {
            return $"A subtree of {length} leaves must start at 0, not {start}.";
        }

        var alignment = BitOperations.RoundUpToPowerOf2(length);
        return (start & (alignment - 1)) == 0
            ? null
            : $"[{start}, {end}) is not a subtree: its start is not a multiple of {alignment}.";
    }

    // The shared core of consistency and subtree consistency proofs. Preconditions: a valid,
    // non-empty subtree strictly inside the tree, and a non-empty proof.
    private static ProofVerification VerifyAgainstSubtree(ulong start, ulong end, ulong size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> subtreeRoot, ReadOnlySpan<byte> root)
    {
        if (InclusionProof.FindMalformed(proof) is { } bad)
        {
            return ProofVerification.Invalid($"Proof hash {bad} is not {MerkleHasher.HashSize} bytes.");
        }

        Span<byte> hash = stackalloc byte[MerkleHasher.HashSize];
        if (end == size)
        {
            // The subtree ends where the tree ends: its root needs one left sibling for every
            // level where its ancestor is a right child.
            var height = BitLength((end - 1) ^ start);
            var needed = BitOperations.PopCount(InclusionProof.ShiftRight(start, height));
            if (proof.Count != needed)
            {
                return ProofVerification.Invalid($"The proof has {proof.Count} hashes; subtree [{start}, {end}) of {size} leaves needs {needed}.");
            }

            if (subtreeRoot.Length != MerkleHasher.HashSize)
            {
                return ProofVerification.Invalid($"The subtree root is {subtreeRoot.Length} bytes, not {MerkleHasher.HashSize}.");
            }

            subtreeRoot.CopyTo(hash);
            InclusionProof.ChainBorderRight(hash, proof, 0, proof.Count);
            return ProofVerification.MatchRoot(hash, root, "tree root");
        }

        // The proof is the suffix of an inclusion proof for leaf end-1 in the larger tree,
        // starting at the level of the largest perfect subtree that ends at end.
        var (fork, border) = InclusionProof.Decompose(end - 1, size);
        var shift = BitOperations.TrailingZeroCount(end - start);
        var inner = fork - shift;

        // That perfect subtree's root is the first proof hash, unless it is the whole subtree.
        var perfect = end - start == 1UL << shift;
        var first = perfect ? 0 : 1;
        if (proof.Count != first + inner + border)
        {
            return ProofVerification.Invalid($"The proof has {proof.Count} hashes; subtree [{start}, {end}) of {size} leaves needs {first + inner + border}.");
        }

        if (perfect && subtreeRoot.Length != MerkleHasher.HashSize)
        {
            return ProofVerification.Invalid($"The subtree root is {subtreeRoot.Length} bytes, not {MerkleHasher.HashSize}.");
        }

        var seed = perfect ? subtreeRoot : proof[0];
        var mask = (end - 1) >> shift;

        if (!perfect)
        {
            // Rebuild the subtree root from the proof hashes that lie inside the subtree.
            var height = BitLength((end - 1) ^ start);
            var subInner = Math.Min(height, fork) - shift;
            var subBorder = Math.Max(0, border - BitOperations.PopCount(InclusionProof.ShiftRight(end - 1, height)));
            seed.CopyTo(hash);
            InclusionProof.ChainInnerRight(hash, proof, first, subInner, mask);
            InclusionProof.ChainBorderRight(hash, proof, first + inner, subBorder);
            var subtree = ProofVerification.MatchRoot(hash, subtreeRoot, "subtree root");
            if (!subtree.IsValid)
            {
                return subtree;
            }
        }

        seed.CopyTo(hash);
        InclusionProof.ChainInner(hash, proof, first, inner, mask);
        InclusionProof.ChainBorderRight(hash, proof, first + inner, border);
        return ProofVerification.MatchRoot(hash, root, "tree root");
    }

    private static int BitLength(ulong value) => 64 - BitOperations.LeadingZeroCount(value);

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
