using Grondslag.Domain.Audit;

namespace Grondslag.Audit.Tests;

public sealed class CheckpointSigningTests
{
    [Fact]
    public void Sign_EightLeafTreeCheckpointWithLogKey_ReproducesReferenceNoteExactly()
    {
        var root = MerkleTree.ComputeRootOfEntries(NoteVectors.EightLeafEntries);
        var checkpoint = new Checkpoint("Log", 8, root);
        var signer = Ed25519NoteSigner.Parse(NoteVectors.LogSignerKey).ValueOrThrow();

        var note = SignedNote.Sign(checkpoint.Format(), [signer]);

        Assert.Equal(NoteVectors.LogCheckpoint, note.Format());
    }

    [Fact]
    public void OpenSigned_SumDbCheckpoint_GivesItsFields()
    {
        var verifier = Ed25519NoteVerifier.Parse(NoteVectors.SumDbVerifierKey).ValueOrThrow();

        var checkpoint = Checkpoint.OpenSigned(NoteVectors.SumDbCheckpoint, "go.sum database tree", [verifier]).ValueOrThrow();

        Assert.Equal("go.sum database tree", checkpoint.Origin);
        Assert.Equal(6476701UL, checkpoint.Size);
        Assert.Equal(Convert.FromBase64String("mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk="), checkpoint.RootHash.ToArray());
        Assert.Empty(checkpoint.Extensions);
    }

    [Fact]
    public void OpenSigned_EightLeafCheckpoint_RootMatchesRecomputedTree()
    {
        var verifier = Ed25519NoteVerifier.Parse(NoteVectors.LogVerifierKey).ValueOrThrow();

        var checkpoint = Checkpoint.OpenSigned(NoteVectors.LogCheckpoint, "Log", [verifier]).ValueOrThrow();

        Assert.Equal(MerkleTree.ComputeRootOfEntries(NoteVectors.EightLeafEntries), checkpoint.RootHash.ToArray());
    }

    [Fact]
    public void OpenSigned_OtherOrigin_IsRejected()
    {
        var verifier = Ed25519NoteVerifier.Parse(NoteVectors.LogVerifierKey).ValueOrThrow();

        var result = Checkpoint.OpenSigned(NoteVectors.LogCheckpoint, "ncsc.nl/grondslag", [verifier]);

        Assert.False(result.IsSuccess);
        Assert.Contains("not \"ncsc.nl/grondslag\"", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSigned_WrongKey_IsRejected()
    {
        var verifier = Ed25519NoteVerifier.Parse(NoteVectors.PeterVerifierKey).ValueOrThrow();

        Assert.False(Checkpoint.OpenSigned(NoteVectors.LogCheckpoint, "Log", [verifier]).IsSuccess);
    }

    [Fact]
    public void OpenSigned_SignedButNotACheckpoint_IsRejected()
    {
        var verifier = Ed25519NoteVerifier.Parse(NoteVectors.PeterVerifierKey).ValueOrThrow();

        var result = Checkpoint.OpenSigned(NoteVectors.PeterNote, "If you think cryptography is the answer to your problem,", [verifier]);

        Assert.False(result.IsSuccess);
        Assert.Contains("three lines", result.Error, StringComparison.Ordinal);
    }
}
