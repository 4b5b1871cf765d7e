using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Grondslag.Domain.Audit;

/// <summary>Signs note text for one named key (C2SP signed-note). Implementations hold the private key.</summary>
public interface INoteSigner
{
    /// <summary>The key name, as written in signature lines.</summary>
    string Name { get; }

    /// <summary>The key ID (see <see cref="NoteKeys.ComputeKeyId"/>).</summary>
    uint KeyId { get; }

    /// <summary>The signature over <paramref name="message"/>, without the key ID.</summary>
    byte[] Sign(ReadOnlySpan<byte> message);
}

/// <summary>Checks note signatures for one named key (C2SP signed-note).</summary>
public interface INoteVerifier
{
    string Name { get; }

    uint KeyId { get; }

    /// <summary>True when <paramref name="signature"/> (without the key ID) is valid for <paramref name="message"/>.</summary>
    bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}

/// <summary>Rules shared by every signed-note key: names and key IDs.</summary>
public static class NoteKeys
{
    /// <summary>Signature type byte of Ed25519 keys.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>A key name is non-empty and has no Unicode white space and no '+'.</summary>
    public static bool IsValidName(string name) =>
        !string.IsNullOrEmpty(name)
        && !name.Any(char.IsWhiteSpace)
        && !name.Contains('+', StringComparison.Ordinal)
        && !name.Any(char.IsControl)
        && IsWellFormedUtf16(name);

    /// <summary>
    /// The key ID: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ public key),
    /// where <paramref name="typedPublicKey"/> already starts with the type byte.
    /// </summary>
    public static uint ComputeKeyId(string name, ReadOnlySpan<byte> typedPublicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(name));
        hash.AppendData("\n"u8);
        hash.AppendData(typedPublicKey);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest);
    }

    internal static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
