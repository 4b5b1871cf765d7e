using FsCheck;
using FsCheck.Xunit;
using Grondslag.Domain.Audit;

namespace Grondslag.Domain.Tests.Audit;

/// <summary>Proof generation and verification agree on every tree, and any tampering is caught.</summary>
public sealed class MerkleProofPropertyTests
{
    private const int MaxTreeSize = 300;

    [Fact]
    public void InclusionProof_EveryLeafOfEveryTreeUpTo64_Verifies()
    {
        var leaves = TestTrees.LeafHashes(64);
        for (var size = 1; size <= 64; size++)
        {
            var root = MerkleTree.ComputeRoot(leaves.Take(size).ToList());
            for (var index = 0; index < size; index++)
            {
                var proof = InclusionProof.Generate(leaves, index, size);
                var result = InclusionProof.Verify((ulong)index, (ulong)size, leaves[index], proof, root);
                Assert.True(result.IsValid, $"leaf {index} of {size}: {result.Explanation}");
            }
        }
    }

    [Fact]
    public void ConsistencyProof_EveryPairOfSizesUpTo64_Verifies()
    {
        var leaves = TestTrees.LeafHashes(64);
        var roots = Enumerable.Range(0, 65).Select(n => MerkleTree.ComputeRoot(leaves.Take(n).ToList())).ToList();
        for (var size2 = 1; size2 <= 64; size2++)
        {
            for (var size1 = 1; size1 <= size2; size1++)
            {
                var proof = ConsistencyProof.Generate(leaves, size1, size2);
                var result = ConsistencyProof.Verify((ulong)size1, (ulong)size2, proof, roots[size1], roots[size2]);
                Assert.True(result.IsValid, $"{size1} → {size2}: {result.Explanation}");
            }
        }
    }

    [Property(MaxTest = 200)]
    public bool InclusionProof_RandomLeafOfRandomTree_Verifies(PositiveInt sizeSeed, NonNegativeInt indexSeed, int treeSeed)
    {
        var size = (sizeSeed.Get % MaxTreeSize) + 1;
        var index = indexSeed.Get % size;
        var leaves = TestTrees.LeafHashes(size, treeSeed);

        var proof = InclusionProof.Generate(leaves, index, size);

        return InclusionProof.Verify((ulong)index, (ulong)size, leaves[index], proof, MerkleTree.ComputeRoot(leaves)).IsValid;
    }

    [Property(MaxTest = 100)]
    public bool InclusionProof_AnyBitFlippedInProofLeafOrRoot_IsRejected(PositiveInt sizeSeed, NonNegativeInt indexSeed, NonNegativeInt bitSeed)
    {
        var size = (sizeSeed.Get % MaxTreeSize) + 2;
        var index = indexSeed.Get % size;
        var leaves = TestTrees.LeafHashes(size);
        var root = MerkleTree.ComputeRoot(leaves);
        var proof = InclusionProof.Generate(leaves, index, size);
        var bits = MerkleHasher.HashSize * 8;

        // Every bit of every proof hash, of the leaf and of the root, one flip at a time.
        for (var element = 0; element < proof.Count; element++)
        {
            for (var bit = 0; bit < bits; bit++)
            {
                var tampered = proof.ToArray();
                tampered[element] = TestTrees.FlipBit(proof[element], bit);
                if (InclusionProof.Verify((ulong)index, (ulong)size, leaves[index], tampered, root).IsValid)
                {
                    return false;
                }
            }
        }

        var flip = bitSeed.Get % bits;
        return !InclusionProof.Verify((ulong)index, (ulong)size, TestTrees.FlipBit(leaves[index], flip), proof, root).IsValid
            && !InclusionProof.Verify((ulong)index, (ulong)size, leaves[index], proof, TestTrees.FlipBit(root, flip)).IsValid;
    }

    [Property(MaxTest = 200)]
    public bool InclusionProof_ClaimedForAnotherIndex_IsRejected(PositiveInt sizeSeed, NonNegativeInt indexSeed, NonNegativeInt otherSeed)
    {
        var size = (sizeSeed.Get % MaxTreeSize) + 2;
        var index = indexSeed.Get % size;
        var other = otherSeed.Get % size;
        var leaves = TestTrees.LeafHashes(size);
        var root = MerkleTree.ComputeRoot(leaves);
        var proof = InclusionProof.Generate(leaves, index, size);

        // (A different size is not always rejected: RFC 9162 verification does not bind the size
        // when both sizes give the same path shape, e.g. leaf 0 in trees of 3 and 4 leaves.)
        return other == index || !InclusionProof.Verify((ulong)other, (ulong)size, leaves[index], proof, root).IsValid;
    }

    [Property(MaxTest = 200)]
    public bool ConsistencyProof_RandomSizes_Verifies(PositiveInt firstSeed, PositiveInt secondSeed, int treeSeed)
    {
        var size2 = (secondSeed.Get % MaxTreeSize) + 1;
        var size1 = (firstSeed.Get % size2) + 1;
        var leaves = TestTrees.LeafHashes(size2, treeSeed);

        var proof = ConsistencyProof.Generate(leaves, size1, size2);

        return ConsistencyProof.Verify((ulong)size1, (ulong)size2, proof, MerkleTree.ComputeRoot(leaves.Take(size1).ToList()), MerkleTree.ComputeRoot(leaves)).IsValid;
    }

    [Property(MaxTest = 100)]
    public bool ConsistencyProof_AnyBitFlippedInProofOrRoots_IsRejected(PositiveInt firstSeed, PositiveInt secondSeed, NonNegativeInt bitSeed)
    {
        var size2 = (secondSeed.Get % MaxTreeSize) + 2;
        var size1 = (firstSeed.Get % (size2 - 1)) + 1; // strictly smaller, so the proof is not empty
        var leaves = TestTrees.LeafHashes(size2);
        var root1 = MerkleTree.ComputeRoot(leaves.Take(size1).ToList());
        var root2 = MerkleTree.ComputeRoot(leaves);
        var proof = ConsistencyProof.Generate(leaves, size1, size2);
        var bits = MerkleHasher.HashSize * 8;

        for (var element = 0; element < proof.Count; element++)
        {
            for (var bit = 0; bit < bits; bit++)
            {
                var tampered = proof.ToArray();
                tampered[element] = TestTrees.FlipBit(proof[element], bit);
                if (ConsistencyProof.Verify((ulong)size1, (ulong)size2, tampered, root1, root2).IsValid)
                {
                    return false;
                }
            }
        }

        var flip = bitSeed.Get % bits;
        return !ConsistencyProof.Verify((ulong)size1, (ulong)size2, proof, TestTrees.FlipBit(root1, flip), root2).IsValid
            && !ConsistencyProof.Verify((ulong)size1, (ulong)size2, proof, root1, TestTrees.FlipBit(root2, flip)).IsValid;
    }

    [Property(MaxTest = 100)]
    public bool ConsistencyProof_RewrittenPastLeaf_CannotBeProvenConsistent(PositiveInt firstSeed, PositiveInt secondSeed, NonNegativeInt victimSeed)
    {
        var size2 = (secondSeed.Get % MaxTreeSize) + 2;
        var size1 = (firstSeed.Get % (size2 - 1)) + 1;
        var honest = TestTrees.LeafHashes(size2);
        var root1 = MerkleTree.ComputeRoot(honest.Take(size1).ToList());

        // Someone with database access rewrites one entry covered by the first checkpoint,
        // then builds the larger tree and its proof from the rewritten leaves.
        var rewritten = honest.ToArray();
        var victim = victimSeed.Get % size1;
        rewritten[victim] = MerkleHasher.HashLeaf("rewritten"u8);
        var proof = ConsistencyProof.Generate(rewritten, size1, size2);

        return !ConsistencyProof.Verify((ulong)size1, (ulong)size2, proof, root1, MerkleTree.ComputeRoot(rewritten)).IsValid;
    }
}
