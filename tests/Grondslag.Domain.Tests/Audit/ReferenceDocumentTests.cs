namespace Grondslag.Domain.Tests.Audit;

/// <summary>The hex vectors written into the Merkle tests are the ones in transparency-log-vectors.md.</summary>
public sealed class ReferenceDocumentTests
{
    [Fact]
    public void HashVectors_CopiedIntoTests_AppearInSharedReference()
    {
        var document = File.ReadAllText(Path.Combine(SharedReference.Root, "transparency-log-vectors.md"));
        var copied = MerkleTreeTests.EightLeafRoots.Select(row => (string)row[1])
            .Concat(
            [
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56",
                "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb",
                "\"\", \"00\", \"10\", \"2021\", \"3031\", \"40414243\", \"5051525354555657\",",
                "\"606162636465666768696a6b6c6d6e6f\"",
            ]);

        foreach (var vector in copied)
        {
            Assert.Contains(vector, document, StringComparison.Ordinal);
        }
    }
}
