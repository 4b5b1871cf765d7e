using Grondslag.Domain.Tests.Audit;

namespace Grondslag.Audit.Tests;

public sealed class NoteVectorsTests
{
    [Fact]
    public void Vectors_CopiedIntoTests_AppearVerbatimInSharedReference()
    {
        var document = File.ReadAllText(Path.Combine(SharedReference.Root, "transparency-log-vectors.md"));

        foreach (var vector in NoteVectors.All)
        {
            Assert.Contains(vector.TrimEnd('\n'), document, StringComparison.Ordinal);
        }
    }
}
