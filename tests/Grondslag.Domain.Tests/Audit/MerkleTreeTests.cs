using Grondslag.Domain.Audit;

namespace Grondslag.Domain.Tests.Audit;

public sealed class MerkleTreeTests
{
    // transparency-log-vectors.md: roots of the eight-leaf tree for sizes 1..8.
    public static readonly TheoryData<int, string> EightLeafRoots = new()
    {
        { 1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" },
        { 2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" },
        { 3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77" },
        { 4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" },
        { 5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4" },
        { 6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef" },
        { 7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c" },
        { 8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" },
    };

    [Theory]
    [MemberData(nameof(EightLeafRoots))]
    public void ComputeRoot_EightLeafTreePrefix_MatchesReferenceVector(int size, string expectedHex)
    {
        var leaves = TestTrees.EightLeafHashes.Take(size).ToList();

        Assert.Equal(expectedHex, Convert.ToHexStringLower(MerkleTree.ComputeRoot(leaves)));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(MerkleTree.ComputeRoot(leaves.SelectMany(l => l).ToArray())));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(MerkleTree.ComputeRootOfEntries(TestTrees.EightLeafEntries.Take(size))));
    }

    [Fact]
    public void ComputeRoot_NoLeaves_IsEmptyRoot() =>
        Assert.Equal(MerkleHasher.EmptyRoot(), MerkleTree.ComputeRoot(Array.Empty<byte[]>()));

    [Fact]
    public void ComputeRoot_EverySizeUpTo300_MatchesRecursiveRfcDefinition()
    {
        var leaves = TestTrees.LeafHashes(300);
        var frontier = new MerkleFrontier();
        for (var size = 0; size <= 300; size++)
        {
            var expected = TestTrees.ReferenceRoot(leaves, 0, size);
            Assert.Equal(expected, MerkleTree.ComputeRoot(leaves.Take(size).ToList()));
            Assert.Equal(expected, frontier.Root());
            if (size < 300)
            {
                frontier.Append(leaves[size]);
            }
        }
    }

    [Fact]
    public void ComputeRoot_ConcatenatedHashesNotMultipleOf32_Throws() =>
        Assert.Throws<ArgumentException>(() => MerkleTree.ComputeRoot(new byte[33].AsSpan()));

    [Fact]
    public void Restore_ExportedNodes_ContinuesWithSameRoots()
    {
        var leaves = TestTrees.LeafHashes(100);
        var original = new MerkleFrontier();
        foreach (var leaf in leaves.Take(45))
        {
            original.Append(leaf);
        }

        var nodes = original.ExportNodes();
        Assert.Equal(4, nodes.Count); // 45 = 101101 in binary: subtrees of 32, 8, 4 and 1 leaves.

        var restored = MerkleFrontier.Restore(45, nodes);
        Assert.Equal(original.Root(), restored.Root());
        foreach (var leaf in leaves.Skip(45))
        {
            original.Append(leaf);
            restored.Append(leaf);
            Assert.Equal(original.Root(), restored.Root());
        }

        Assert.Equal(MerkleTree.ComputeRoot(leaves), restored.Root());
        Assert.Equal(100, restored.Size);
    }

    [Fact]
    public void Restore_WrongNumberOfNodes_Throws() =>
        Assert.Throws<ArgumentException>(() => MerkleFrontier.Restore(3, [new byte[32]]));

    [Fact]
    public void ExportNodes_ReturnsCopies_FrontierUnaffectedByCallerChanges()
    {
        var frontier = new MerkleFrontier();
        frontier.Append(TestTrees.EightLeafHashes[0]);
        var before = frontier.Root();

        frontier.ExportNodes()[0][0] ^= 0xff;

        Assert.Equal(before, frontier.Root());
    }

    [Fact]
    public void Append_LeafNotHashSized_Throws() =>
        Assert.Throws<ArgumentException>(() => new MerkleFrontier().Append(new byte[31]));
}
