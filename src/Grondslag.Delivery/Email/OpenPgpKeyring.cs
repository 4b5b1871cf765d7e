using MimeKit.Cryptography;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Grondslag.Delivery.Email;

/// <summary>
/// Grondslag's OpenPGP keyrings: a directory with <c>pubring.gpg</c> (recipients' public keys) and
/// <c>secring.gpg</c> (Grondslag's signing key), read by MimeKit through BouncyCastle; no gpg binary.
/// Keys are chosen by full fingerprint only, never by e-mail address, so a look-alike key cannot be picked.
/// </summary>
public sealed class OpenPgpKeyring(string directory, string passphrase) : GnuPGContext(directory)
{
    protected override string GetPasswordForKey(PgpSecretKey key) => passphrase;

    /// <summary>Normalises a fingerprint for comparison: hex digits only, upper case.</summary>
    public static string NormaliseFingerprint(string? fingerprint) =>
        new string((fingerprint ?? "").Where(char.IsAsciiHexDigit).ToArray()).ToUpperInvariant();

    public static string Fingerprint(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());

    /// <summary>The usable encryption key of the public key ring whose primary key has this fingerprint, or null.</summary>
    public PgpPublicKey? EncryptionKeyFor(string fingerprint, DateTimeOffset at)
    {
        var wanted = NormaliseFingerprint(fingerprint);
        if (wanted.Length < 40)
        {
            return null;
        }

        var ring = EnumeratePublicKeyRings().FirstOrDefault(r => Fingerprint(r.GetPublicKey()) == wanted);
        return ring?.GetPublicKeys().FirstOrDefault(k => k.IsEncryptionKey && !k.HasRevocation() && Valid(k, at));
    }

    /// <summary>The signing key of the secret key ring whose primary key has this fingerprint, or null.</summary>
    public PgpSecretKey? SigningKeyFor(string fingerprint)
    {
        var wanted = NormaliseFingerprint(fingerprint);
        var ring = EnumerateSecretKeyRings().FirstOrDefault(r => Fingerprint(r.GetPublicKey()) == wanted);
        return ring?.GetSecretKeys().FirstOrDefault(k => k.IsSigningKey && !k.IsPrivateKeyEmpty);
    }

    /// <summary>
    /// The public part of the key ring whose primary key has this fingerprint (Grondslag's own signing key, from the
    /// secret or the public ring), ASCII-armoured as <c>gpg --armor --export</c> gives it; null when there is none.
    /// </summary>
    public string? ArmoredPublicKey(string fingerprint)
    {
        var wanted = NormaliseFingerprint(fingerprint);
        var keys = EnumerateSecretKeyRings().FirstOrDefault(r => Fingerprint(r.GetPublicKey()) == wanted)?.GetPublicKeys()
            ?? EnumeratePublicKeyRings().FirstOrDefault(r => Fingerprint(r.GetPublicKey()) == wanted)?.GetPublicKeys();
        if (keys is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var armored = new Org.BouncyCastle.Bcpg.ArmoredOutputStream(buffer))
        {
            foreach (var key in keys)
            {
                key.Encode(armored);
            }
        }

        return System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }

    private static bool Valid(PgpPublicKey key, DateTimeOffset at)
    {
        var seconds = key.GetValidSeconds();
        return key.CreationTime <= at.UtcDateTime && (seconds == 0 || key.CreationTime.AddSeconds(seconds) > at.UtcDateTime);
    }
}
