using Grondslag.Domain.Audit;

namespace Grondslag.Domain.Tests.Audit;

/// <summary>
/// Every inclusion and consistency vector published by transparency-dev/merkle
/// (../shared/reference/merkle-testdata): happy paths verify, every negative case is rejected.
/// </summary>
public sealed class MerkleVectorTests
{
    // The counts of the published set; a missing or added file must be noticed, not skipped.
    private const int InclusionVectorCount = 98;
    private const int ConsistencyVectorCount = 98;
    private const int SubtreeInclusionVectorCount = 204;
    private const int SubtreeConsistencyVectorCount = 118;

    public static TheoryData<string> InclusionFiles() => new(SharedReference.MerkleVectorFiles("inclusion"));

    public static TheoryData<string> ConsistencyFiles() => new(SharedReference.MerkleVectorFiles("consistency"));

    public static TheoryData<string> SubtreeInclusionFiles() => new(SharedReference.MerkleVectorFiles("subtreeinclusion"));

    public static TheoryData<string> SubtreeConsistencyFiles() => new(SharedReference.MerkleVectorFiles("subtreeconsistency"));

    [Fact]
    public void VectorFolders_SharedReference_HoldTheWholePublishedSet()
    {
        Assert.Equal(InclusionVectorCount, SharedReference.MerkleVectorFiles("inclusion").Count);
        Assert.Equal(ConsistencyVectorCount, SharedReference.MerkleVectorFiles("consistency").Count);
        Assert.Equal(SubtreeInclusionVectorCount, SharedReference.MerkleVectorFiles("subtreeinclusion").Count);
        Assert.Equal(SubtreeConsistencyVectorCount, SharedReference.MerkleVectorFiles("subtreeconsistency").Count);
    }

    [Theory]
    [MemberData(nameof(InclusionFiles))]
    public void InclusionVerify_PublishedVector_GivesExpectedOutcome(string file)
    {
        var vector = MerkleVector.Load(file);

        var result = InclusionProof.Verify(vector.Number("leafIdx"), vector.Number("treeSize"), vector.Bytes("leafHash"), vector.Proof(), vector.Bytes("root"));

        Assert.True(result.IsValid != vector.WantError, $"{file} ({vector.Description}): expected {(vector.WantError ? "rejection" : "acceptance")}, got: {result.Explanation}");
    }

    [Theory]
    [MemberData(nameof(ConsistencyFiles))]
    public void ConsistencyVerify_PublishedVector_GivesExpectedOutcome(string file)
    {
        var vector = MerkleVector.Load(file);

        var result = ConsistencyProof.Verify(vector.Number("size1"), vector.Number("size2"), vector.Proof(), vector.Bytes("root1"), vector.Bytes("root2"));

        Assert.True(result.IsValid != vector.WantError, $"{file} ({vector.Description}): expected {(vector.WantError ? "rejection" : "acceptance")}, got: {result.Explanation}");
    }

    [Theory]
    [MemberData(nameof(SubtreeInclusionFiles))]
    public void SubtreeInclusionVerify_PublishedVector_GivesExpectedOutcome(string file)
    {
        var vector = MerkleVector.Load(file);

        var result = InclusionProof.VerifySubtree(vector.Number("leafIdx"), vector.Number("start"), vector.Number("end"), vector.Bytes("leafHash"), vector.Proof(), vector.Bytes("root"));

        Assert.True(result.IsValid != vector.WantError, $"{file} ({vector.Description}): expected {(vector.WantError ? "rejection" : "acceptance")}, got: {result.Explanation}");
    }

    [Theory]
    [MemberData(nameof(SubtreeConsistencyFiles))]
    public void SubtreeConsistencyVerify_PublishedVector_GivesExpectedOutcome(string file)
    {
        var vector = MerkleVector.Load(file);

        var result = ConsistencyProof.VerifySubtree(vector.Number("start"), vector.Number("end"), vector.Number("size"), vector.Proof(), vector.Bytes("root1"), vector.Bytes("root2"));

        Assert.True(result.IsValid != vector.WantError, $"{file} ({vector.Description}): expected {(vector.WantError ? "rejection" : "acceptance")}, got: {result.Explanation}");
    }

    [Theory]
    [InlineData("inclusion/0/happy-path.json")]
    [InlineData("inclusion/1/happy-path.json")]
    [InlineData("inclusion/2/happy-path.json")]
    [InlineData("inclusion/3/happy-path.json")]
    [InlineData("inclusion/4/happy-path.json")]
    public void InclusionGenerate_HappyPathOfEightLeafTree_ReproducesPublishedProof(string file)
    {
        var vector = MerkleVector.Load(file);
        var size = (long)vector.Number("treeSize");
        var index = (long)vector.Number("leafIdx");
        Assert.Equal(vector.Bytes("leafHash"), TestTrees.EightLeafHashes[(int)index]);
        Assert.Equal(vector.Bytes("root"), MerkleTree.ComputeRoot(TestTrees.EightLeafHashes.Take((int)size).ToList()));

        var proof = InclusionProof.Generate(TestTrees.EightLeafHashes, index, size);

        Assert.Equal(vector.Proof(), proof);
    }

    [Theory]
    [InlineData("consistency/0/happy-path.json")]
    [InlineData("consistency/1/happy-path.json")]
    [InlineData("consistency/2/happy-path.json")]
    [InlineData("consistency/3/happy-path.json")]
    [InlineData("consistency/4/happy-path.json")]
    public void ConsistencyGenerate_HappyPathOfEightLeafTree_ReproducesPublishedProof(string file)
    {
        var vector = MerkleVector.Load(file);
        var size1 = (long)vector.Number("size1");
        var size2 = (long)vector.Number("size2");
        Assert.Equal(vector.Bytes("root1"), MerkleTree.ComputeRoot(TestTrees.EightLeafHashes.Take((int)size1).ToList()));
        Assert.Equal(vector.Bytes("root2"), MerkleTree.ComputeRoot(TestTrees.EightLeafHashes.Take((int)size2).ToList()));

        var proof = ConsistencyProof.Generate(TestTrees.EightLeafHashes, size1, size2);

        Assert.Equal(vector.Proof(), proof);
    }
}
