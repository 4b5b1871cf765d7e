using Grondslag.Domain.Audit;

namespace Grondslag.Domain.Tests.Audit;

public sealed class CheckpointTests
{
    private const string Root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

    [Fact]
    public void Format_EightLeafTree_IsOriginSizeRootEachOnALine()
    {
        var checkpoint = new Checkpoint("Log", 8, MerkleTree.ComputeRoot(TestTrees.EightLeafHashes));

        Assert.Equal($"Log\n8\n{Root}\n", checkpoint.Format());
    }

    [Fact]
    public void Parse_FormattedWithExtensions_RoundTrips()
    {
        var checkpoint = new Checkpoint("ncsc.nl/grondslag", 18_446_744_073_709_551_615, MerkleHasher.EmptyRoot(), ["timestamp 1764356000", "— not a signature"]);

        var parsed = Checkpoint.Parse(checkpoint.Format()).ValueOrThrow();

        Assert.Equal(checkpoint, parsed);
        Assert.Equal(new[] { "timestamp 1764356000", "— not a signature" }, parsed.Extensions.ToArray());
    }

    [Fact]
    public void Parse_ZeroSize_IsAccepted() =>
        Assert.Equal(0UL, Checkpoint.Parse($"Log\n0\n{Convert.ToBase64String(MerkleHasher.EmptyRoot())}\n").ValueOrThrow().Size);

    [Theory]
    [InlineData($"Log\n8\n{Root}", "newline")]
    [InlineData($"Log\n8\n", "three lines")]
    [InlineData($"\n8\n{Root}\n", "origin")]
    [InlineData($"Log\n08\n{Root}\n", "tree size")]
    [InlineData($"Log\n+8\n{Root}\n", "tree size")]
    [InlineData($"Log\n-8\n{Root}\n", "tree size")]
    [InlineData($"Log\n 8\n{Root}\n", "tree size")]
    [InlineData($"Log\n8 \n{Root}\n", "tree size")]
    [InlineData($"Log\n\n{Root}\n", "tree size")]
    [InlineData($"Log\n0x8\n{Root}\n", "tree size")]
    [InlineData($"Log\n18446744073709551616\n{Root}\n", "tree size")]
    [InlineData("Log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n", "root hash")]
    [InlineData("Log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n", "root hash")]
    [InlineData("Log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQ==\n", "root hash")]
    [InlineData("Log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=AAAA\n", "root hash")]
    [InlineData($"Log\n8\n{Root}\n\n", "extension line 4")]
    [InlineData($"Log\n8\n{Root}\nok\n\n", "extension line 5")]
    [InlineData($"Log\r\n8\n{Root}\n", "origin")]
    [InlineData($"Log\n8\n{Root}\next\tline\n", "extension line 4")]
    public void Parse_Malformed_IsRejectedNamingTheLine(string text, string reasonFragment)
    {
        var result = Checkpoint.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Contains(reasonFragment, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RootNot32Bytes_Throws() =>
        Assert.Throws<ArgumentException>(() => new Checkpoint("Log", 1, new byte[31]));

    [Fact]
    public void Constructor_OriginWithNewline_Throws() =>
        Assert.Throws<ArgumentException>(() => new Checkpoint("Log\n9", 1, new byte[32]));

    [Fact]
    public void Constructor_CopiesRootHash_LaterChangesToCallerArrayDoNotLeakIn()
    {
        var root = MerkleHasher.EmptyRoot();
        var checkpoint = new Checkpoint("Log", 0, root);

        root[0] ^= 0xff;

        Assert.Equal(MerkleHasher.EmptyRoot(), checkpoint.RootHash.ToArray());
    }

    [Fact]
    public void Equals_SameFieldsDifferentArrays_AreEqual() =>
        Assert.Equal(new Checkpoint("Log", 8, MerkleHasher.EmptyRoot()), new Checkpoint("Log", 8, MerkleHasher.EmptyRoot()));
}
