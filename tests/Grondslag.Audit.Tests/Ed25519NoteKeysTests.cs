using Grondslag.Domain.Audit;

namespace Grondslag.Audit.Tests;

public sealed class Ed25519NoteKeysTests
{
    [Theory]
    [InlineData(NoteVectors.PeterSignerKey, NoteVectors.PeterVerifierKey)]
    [InlineData(NoteVectors.LogSignerKey, NoteVectors.LogVerifierKey)]
    public void Parse_ReferenceSignerKey_DerivesReferenceVerifierKey(string signerKey, string verifierKey)
    {
        var signer = Ed25519NoteSigner.Parse(signerKey).ValueOrThrow();

        Assert.Equal(verifierKey, signer.Verifier.VerifierKey);
        Assert.Equal(signerKey, signer.SignerKey);
    }

    [Theory]
    [InlineData(NoteVectors.ExampleVerifierKey, "example.com/foo", 0x530d903au)]
    [InlineData(NoteVectors.PeterVerifierKey, "PeterNeumann", 0xc74f20a3u)]
    [InlineData(NoteVectors.SumDbVerifierKey, "sum.golang.org", 0x033de0aeu)]
    [InlineData(NoteVectors.LogVerifierKey, "Log", 0x2271c621u)]
    public void Parse_ReferenceVerifierKey_RoundTrips(string verifierKey, string name, uint keyId)
    {
        var verifier = Ed25519NoteVerifier.Parse(verifierKey).ValueOrThrow();

        Assert.Equal(name, verifier.Name);
        Assert.Equal(keyId, verifier.KeyId);
        Assert.Equal(verifierKey, verifier.VerifierKey);
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match")] // key ID off by one
    [InlineData("PeterNeumann+c74f20a3+Alpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "type")] // algorithm 0x02
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=", "key bytes")] // 31-byte key
    [InlineData("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "8 hexadecimal")]
    [InlineData("PeterNeumann+c74f20g3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "8 hexadecimal")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T", "base64")]
    [InlineData("PeterNeumann+c74f20a3+ ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "base64")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "name")]
    [InlineData("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "name")]
    [InlineData("PeterNeumann+c74f20a3", "parts")]
    [InlineData("", "parts")]
    public void ParseVerifier_MalformedKey_IsRejectedWithReason(string verifierKey, string reasonFragment)
    {
        var result = Ed25519NoteVerifier.Parse(verifierKey);

        Assert.False(result.IsSuccess);
        Assert.Contains(reasonFragment, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "does not match")]
    [InlineData("PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "PRIVATE+KEY+")]
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "type")]
    public void ParseSigner_MalformedKey_IsRejectedWithReason(string signerKey, string reasonFragment)
    {
        var result = Ed25519NoteSigner.Parse(signerKey);

        Assert.False(result.IsSuccess);
        Assert.Contains(reasonFragment, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseSigner_Failure_DoesNotEchoTheSecret()
    {
        var result = Ed25519NoteSigner.Parse("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");

        Assert.DoesNotContain("AYEKFALVFGyNhPJEMzD1QIDr", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("AYEKFALVFGyNhPJEMzD1QIDr", Ed25519NoteSigner.Parse(NoteVectors.PeterSignerKey).ValueOrThrow().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_NewKey_SignerAndVerifierStringsRoundTrip()
    {
        var signer = Ed25519NoteSigner.Generate("ncsc.nl/grondslag");

        var reparsed = Ed25519NoteSigner.Parse(signer.SignerKey).ValueOrThrow();
        var verifier = Ed25519NoteVerifier.Parse(signer.Verifier.VerifierKey).ValueOrThrow();

        var note = SignedNote.Sign("hello\n", [reparsed]);
        Assert.True(note.Verify([verifier]).IsVerified);
        Assert.Equal(NoteKeys.ComputeKeyId("ncsc.nl/grondslag", Convert.FromBase64String(signer.Verifier.VerifierKey.Split('+', 3)[2])), signer.KeyId);
    }
}
