using System.Text;
using Grondslag.Domain.Audit;

namespace Grondslag.Domain.Tests.Audit;

public sealed class MerkleHasherTests
{
    [Fact]
    public void EmptyRoot_ReferenceVector_IsSha256OfEmptyString() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleHasher.EmptyRoot()));

    [Theory]
    [InlineData("", "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData("L123456", "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")]
    public void HashLeaf_ReferenceVector_Matches(string entry, string expectedHex) =>
        Assert.Equal(expectedHex, Convert.ToHexStringLower(MerkleHasher.HashLeaf(Encoding.ASCII.GetBytes(entry))));

    [Fact]
    public void HashChildren_ReferenceVector_Matches()
    {
        // The reference vector hashes 4-byte "children"; the product only takes 32-byte ones,
        // so check the same formula H(0x01 ‖ l ‖ r) through the public rule on the raw bytes.
        var expected = System.Security.Cryptography.SHA256.HashData([0x01, .. "N123"u8, .. "N456"u8]);
        Assert.Equal("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb", Convert.ToHexStringLower(expected));

        var left = MerkleHasher.HashLeaf("a"u8);
        var right = MerkleHasher.HashLeaf("b"u8);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0x01, .. left, .. right]), MerkleHasher.HashChildren(left, right));
    }

    [Theory]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(100_000)]
    public void HashLeaf_EntriesAroundStackLimit_MatchPrefixedSha256(int length)
    {
        var entry = Enumerable.Range(0, length).Select(i => unchecked((byte)i)).ToArray();
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([0x00, .. entry]), MerkleHasher.HashLeaf(entry));
    }

    [Fact]
    public void HashChildren_DestinationOverlapsLeftChild_GivesSameHash()
    {
        var left = MerkleHasher.HashLeaf("a"u8);
        var right = MerkleHasher.HashLeaf("b"u8);
        var expected = MerkleHasher.HashChildren(left, right);

        MerkleHasher.HashChildren(left, right, left);

        Assert.Equal(expected, left);
    }

    [Fact]
    public void HashChildren_ChildNotHashSized_Throws() =>
        Assert.Throws<ArgumentException>(() => MerkleHasher.HashChildren(new byte[31], new byte[32]));
}
