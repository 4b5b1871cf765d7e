using System.Globalization;
using System.Security.Cryptography;
using Grondslag.Domain.Audit;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Grondslag.Audit;

/// <summary>
/// Signs C2SP signed notes (and so checkpoints) with an Ed25519 key. The signer key string is
/// <c>PRIVATE+KEY+name+hexkeyid+base64(0x01 ‖ seed)</c>; keep it outside the database.
/// </summary>
public sealed class Ed25519NoteSigner : INoteSigner
{
    private const string PrivateKeyPrefix = "PRIVATE+KEY+";

    private readonly byte[] _seed;

    private Ed25519NoteSigner(string name, byte[] seed)
    {
        _seed = seed;
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(seed, 0, publicKey, 0);
        Verifier = Ed25519NoteVerifier.FromPublicKey(name, publicKey);
    }

    public string Name => Verifier.Name;

    public uint KeyId => Verifier.KeyId;

    /// <summary>The matching verifier, for publishing the public key.</summary>
    public Ed25519NoteVerifier Verifier { get; }

    /// <summary>The private key as a signer key string. Secret.</summary>
    public string SignerKey => $"{PrivateKeyPrefix}{Name}+{KeyId.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String([NoteKeys.Ed25519Type, .. _seed])}";

    /// <summary>A new key with a random seed from the operating system's CSPRNG.</summary>
    public static Ed25519NoteSigner Generate(string name) => FromSeed(name, RandomNumberGenerator.GetBytes(Ed25519.SecretKeySize));

    /// <summary>The key with the given 32-byte seed (RFC 8032 private key).</summary>
    public static Ed25519NoteSigner FromSeed(string name, ReadOnlySpan<byte> seed)
    {
        if (!NoteKeys.IsValidName(name))
        {
            throw new ArgumentException($"\"{name}\" is not a valid key name (non-empty, no spaces, no '+').", nameof(name));
        }

        if (seed.Length != Ed25519.SecretKeySize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Ed25519.SecretKeySize} bytes, not {seed.Length}.", nameof(seed));
        }

        return new Ed25519NoteSigner(name, seed.ToArray());
    }

    /// <summary>Parses a signer key string; the key ID in it must match the key.</summary>
    public static ParseResult<Ed25519NoteSigner> Parse(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        if (!signerKey.StartsWith(PrivateKeyPrefix, StringComparison.Ordinal))
        {
            return ParseResult<Ed25519NoteSigner>.Failure($"A signer key starts with \"{PrivateKeyPrefix}\".");
        }

        var parts = NoteKeyString.Split(signerKey[PrivateKeyPrefix.Length..], "signer key");
        if (parts.Error is not null)
        {
            return ParseResult<Ed25519NoteSigner>.Failure(parts.Error);
        }

        var signer = new Ed25519NoteSigner(parts.Name, parts.Key);
        return signer.KeyId == parts.KeyId
            ? ParseResult<Ed25519NoteSigner>.Success(signer)
            : ParseResult<Ed25519NoteSigner>.Failure($"The signer key's ID {parts.KeyId.ToString("x8", CultureInfo.InvariantCulture)} does not match its key (expected {signer.KeyId.ToString("x8", CultureInfo.InvariantCulture)}).");
    }

    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var buffer = message.ToArray();
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_seed, 0, buffer, 0, buffer.Length, signature, 0);
        return signature;
    }

    /// <summary>Hides the private key from logs and debuggers.</summary>
    public override string ToString() => $"Ed25519 signer {Name}+{KeyId.ToString("x8", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// Checks Ed25519 signatures on C2SP signed notes. The verifier key string is
/// <c>name+hexkeyid+base64(0x01 ‖ public key)</c>, safe to publish.
/// </summary>
public sealed class Ed25519NoteVerifier : INoteVerifier
{
    private readonly byte[] _publicKey;

    private Ed25519NoteVerifier(string name, uint keyId, byte[] publicKey)
    {
        Name = name;
        KeyId = keyId;
        _publicKey = publicKey;
    }

    public string Name { get; }

    public uint KeyId { get; }

    /// <summary>The public key as a verifier key string.</summary>
    public string VerifierKey => $"{Name}+{KeyId.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String([NoteKeys.Ed25519Type, .. _publicKey])}";

    public static Ed25519NoteVerifier FromPublicKey(string name, ReadOnlySpan<byte> publicKey)
    {
        if (!NoteKeys.IsValidName(name))
        {
            throw new ArgumentException($"\"{name}\" is not a valid key name (non-empty, no spaces, no '+').", nameof(name));
        }

        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        byte[] typed = [NoteKeys.Ed25519Type, .. publicKey];
        return new Ed25519NoteVerifier(name, NoteKeys.ComputeKeyId(name, typed), publicKey.ToArray());
    }

    /// <summary>Parses a verifier key string; the key ID in it must match the key.</summary>
    public static ParseResult<Ed25519NoteVerifier> Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var parts = NoteKeyString.Split(verifierKey, "verifier key");
        if (parts.Error is not null)
        {
            return ParseResult<Ed25519NoteVerifier>.Failure(parts.Error);
        }

        var verifier = FromPublicKey(parts.Name, parts.Key);
        return verifier.KeyId == parts.KeyId
            ? ParseResult<Ed25519NoteVerifier>.Success(verifier)
            : ParseResult<Ed25519NoteVerifier>.Failure($"The verifier key's ID {parts.KeyId.ToString("x8", CultureInfo.InvariantCulture)} does not match its key (expected {verifier.KeyId.ToString("x8", CultureInfo.InvariantCulture)}).");
    }

    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            return false;
        }

        var buffer = message.ToArray();
        return Ed25519.Verify(signature.ToArray(), 0, _publicKey, 0, buffer, 0, buffer.Length);
    }

    public override string ToString() => VerifierKey;
}

/// <summary>The shared "name+hexkeyid+base64(0x01 ‖ key)" layout of signer and verifier key strings.</summary>
internal readonly record struct NoteKeyString(string Name, uint KeyId, byte[] Key, string? Error)
{
    public static NoteKeyString Split(string text, string what)
    {
        var parts = text.Split('+', 3);
        if (parts.Length != 3)
        {
            return Fail($"A {what} has the form name+keyid+key; \"{Redact(text)}\" has {parts.Length} parts.");
        }

        var (name, id, key) = (parts[0], parts[1], parts[2]);
        if (!NoteKeys.IsValidName(name))
        {
            return Fail($"The {what}'s name \"{name}\" is not valid (non-empty, no spaces, no '+').");
        }

        if (id.Length != 8 || !uint.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var keyId))
        {
            return Fail($"The {what}'s ID \"{id}\" is not 8 hexadecimal digits.");
        }

        if (!StrictBase64.TryDecode(key, out var typed) || typed.Length == 0)
        {
            return Fail($"The {what} for \"{name}\" is not canonical base64.");
        }

        if (typed[0] != NoteKeys.Ed25519Type)
        {
            return Fail($"The {what} for \"{name}\" has type 0x{typed[0].ToString("x2", CultureInfo.InvariantCulture)}; only Ed25519 (0x01) is supported.");
        }

        if (typed.Length != 1 + Ed25519.PublicKeySize)
        {
            return Fail($"The {what} for \"{name}\" has {typed.Length - 1} key bytes; Ed25519 needs {Ed25519.PublicKeySize}.");
        }

        return new NoteKeyString(name, keyId, typed[1..], null);
    }

    private static NoteKeyString Fail(string error) => new("", 0, [], error);

    // Never echo key material into an error message.
    private static string Redact(string text) => text.Length <= 12 ? text : text[..12] + "…";
}
