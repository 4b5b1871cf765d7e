using Grondslag.Domain.Audit;

namespace Grondslag.Audit.Tests;

public sealed class SignedNoteTests
{
    private static Ed25519NoteVerifier Verifier(string key) => Ed25519NoteVerifier.Parse(key).ValueOrThrow();

    private static Ed25519NoteSigner Signer(string key) => Ed25519NoteSigner.Parse(key).ValueOrThrow();

    [Theory]
    [InlineData(NoteVectors.ExampleNote, NoteVectors.ExampleVerifierKey)]
    [InlineData(NoteVectors.PeterNote, NoteVectors.PeterVerifierKey)]
    [InlineData(NoteVectors.SumDbCheckpoint, NoteVectors.SumDbVerifierKey)]
    [InlineData(NoteVectors.LogCheckpoint, NoteVectors.LogVerifierKey)]
    public void Open_ReferenceNote_VerifiesAndRoundTrips(string note, string verifierKey)
    {
        var result = SignedNote.Open(note, [Verifier(verifierKey)]);

        Assert.True(result.IsVerified, result.Explanation);
        Assert.Equal(Verifier(verifierKey).Name, Assert.Single(result.VerifiedSignatures).KeyName);
        Assert.Equal(note, SignedNote.Parse(note).ValueOrThrow().Format());
    }

    [Fact]
    public void Sign_PeterNeumannKey_ReproducesReferenceNoteExactly()
    {
        var note = SignedNote.Sign(NoteVectors.PeterText, [Signer(NoteVectors.PeterSignerKey)]);

        Assert.Equal(NoteVectors.PeterNote, note.Format());
    }

    [Theory]
    [InlineData(NoteVectors.ExampleNote, NoteVectors.PeterVerifierKey)]
    [InlineData(NoteVectors.PeterNote, NoteVectors.ExampleVerifierKey)]
    public void Open_SignedOnlyByUnknownKey_IsRejected(string note, string verifierKey)
    {
        var result = SignedNote.Open(note, [Verifier(verifierKey)]);

        Assert.False(result.IsVerified);
        Assert.Contains("not signed by any known key", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoKnownKeys_IsRejected() =>
        Assert.False(SignedNote.Open(NoteVectors.PeterNote, []).IsVerified);

    [Fact]
    public void Open_TextAltered_IsRejected()
    {
        var altered = NoteVectors.PeterNote.Replace("cryptography", "cryptographY", StringComparison.Ordinal);

        var result = SignedNote.Open(altered, [Verifier(NoteVectors.PeterVerifierKey)]);

        Assert.False(result.IsVerified);
        Assert.Contains("invalid", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CheckpointSizeAltered_IsRejected()
    {
        var altered = NoteVectors.LogCheckpoint.Replace("\n8\n", "\n9\n", StringComparison.Ordinal);

        Assert.False(SignedNote.Open(altered, [Verifier(NoteVectors.LogVerifierKey)]).IsVerified);
    }

    [Fact]
    public void Open_EverySignatureBitFlipped_IsRejected()
    {
        var original = SignedNote.Parse(NoteVectors.PeterNote).ValueOrThrow();
        var signature = original.Signatures[0];
        var verifier = Verifier(NoteVectors.PeterVerifierKey);

        for (var bit = 0; bit < signature.Signature.Length * 8; bit++)
        {
            var bytes = signature.Signature.ToArray();
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            var tampered = new SignedNote(original.Text, [new NoteSignature(signature.KeyName, signature.KeyId, bytes)]);

            Assert.False(tampered.Verify([verifier]).IsVerified, $"bit {bit}");
        }
    }

    [Fact]
    public void Verify_ValidPlusFailingSignatureOfAnotherKnownKey_IsRejected()
    {
        var peter = SignedNote.Parse(NoteVectors.PeterNote).ValueOrThrow();
        var log = Signer(NoteVectors.LogSignerKey);
        var forged = new NoteSignature(log.Name, log.KeyId, new byte[64]);
        var note = new SignedNote(peter.Text, [.. peter.Signatures, forged]);

        var result = note.Verify([Verifier(NoteVectors.PeterVerifierKey), log.Verifier]);

        Assert.False(result.IsVerified);
        Assert.Contains("Log+2271c621", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnknownExtraSignature_IsIgnored()
    {
        var text = "cosigned\n";
        var note = SignedNote.Sign(text, [Signer(NoteVectors.PeterSignerKey), Signer(NoteVectors.LogSignerKey)]);

        var result = note.Verify([Verifier(NoteVectors.LogVerifierKey)]);

        Assert.True(result.IsVerified, result.Explanation);
        Assert.Equal("Log", Assert.Single(result.VerifiedSignatures).KeyName);
    }

    [Fact]
    public void Verify_SameNameDifferentKeyId_IsTreatedAsUnknown()
    {
        var impostor = Ed25519NoteSigner.Generate("PeterNeumann");
        var note = SignedNote.Sign(NoteVectors.PeterText, [impostor]);

        Assert.False(note.Verify([Verifier(NoteVectors.PeterVerifierKey)]).IsVerified);
    }

    public static TheoryData<string, string> MalformedNotes => new()
    {
        { "no blank line", "text\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n" },
        { "no final newline", NoteVectors.PeterNote.TrimEnd('\n') },
        { "empty signature block", NoteVectors.PeterText + "\n" },
        { "hyphen instead of em dash", NoteVectors.PeterNote.Replace("— ", "- ", StringComparison.Ordinal) },
        { "en dash instead of em dash", NoteVectors.PeterNote.Replace("— ", "– ", StringComparison.Ordinal) },
        { "no space after dash", NoteVectors.PeterNote.Replace("— ", "—", StringComparison.Ordinal) },
        { "two spaces", NoteVectors.PeterNote.Replace("Neumann x0", "Neumann  x0", StringComparison.Ordinal) },
        { "missing signature", NoteVectors.PeterText + "\n— PeterNeumann\n" },
        { "key name with plus", NoteVectors.PeterNote.Replace("— PeterNeumann", "— Peter+Neumann", StringComparison.Ordinal) },
        { "base64 not padded", NoteVectors.PeterNote.Replace("nAM=", "nAM", StringComparison.Ordinal) },
        { "base64 with stray bits", NoteVectors.PeterNote.Replace("nAM=", "nAN=", StringComparison.Ordinal) },
        { "signature shorter than key ID + 1", NoteVectors.PeterText + "\n— PeterNeumann AAAA\n" },
        { "carriage returns", NoteVectors.PeterNote.Replace("\n", "\r\n", StringComparison.Ordinal) },
        { "control character in text", "tab\there\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n" },
        { "trailing blank line", NoteVectors.PeterNote + "\n" },
        { "text after signatures", NoteVectors.PeterNote + "more\n" },
        { "101 signatures", NoteVectors.PeterText + "\n" + string.Concat(Enumerable.Repeat("— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", 101)) },
    };

    [Theory]
    [MemberData(nameof(MalformedNotes))]
    public void Parse_MalformedNote_IsRejected(string why, string note)
    {
        var parsed = SignedNote.Parse(note);

        Assert.False(parsed.IsSuccess, why);
        Assert.False(SignedNote.Open(note, [Verifier(NoteVectors.PeterVerifierKey)]).IsVerified, why);
    }

    [Fact]
    public void Parse_UnpairedSurrogate_IsRejected()
    {
        // Not theory data: xunit would replace the lone surrogate before the test sees it.
        var parsed = SignedNote.Parse("x\ud800" + NoteVectors.PeterNote[NoteVectors.PeterNote.IndexOf('\n', StringComparison.Ordinal)..]);

        Assert.False(parsed.IsSuccess);
        Assert.Contains("surrogate", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidUtf8Bytes_IsRejected()
    {
        byte[] bytes = [.. "x"u8, 0xff, .. "\n\n— PeterNeumann AAAAAAA=\n"u8];

        var parsed = SignedNote.Parse(bytes);

        Assert.False(parsed.IsSuccess);
        Assert.Contains("UTF-8", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf8BytesOfReferenceNote_Verifies() =>
        Assert.True(SignedNote.Parse(System.Text.Encoding.UTF8.GetBytes(NoteVectors.PeterNote)).ValueOrThrow().Verify([Verifier(NoteVectors.PeterVerifierKey)]).IsVerified);

    [Theory]
    [InlineData("no newline")]
    [InlineData("bell\a\n")]
    public void Sign_InvalidText_Throws(string text) =>
        Assert.Throws<ArgumentException>(() => SignedNote.Sign(text, [Signer(NoteVectors.PeterSignerKey)]));

    [Fact]
    public void Signatures_Collection_IsImmutable() =>
        Assert.IsType<System.Collections.Immutable.ImmutableArray<NoteSignature>>(SignedNote.Parse(NoteVectors.PeterNote).ValueOrThrow().Signatures);
}
