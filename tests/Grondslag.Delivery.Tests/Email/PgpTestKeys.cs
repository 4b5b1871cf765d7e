using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Grondslag.Delivery.Tests.Email;

/// <summary>An OpenPGP identity made for a test: a signing primary key and an encryption subkey (RSA 2048).</summary>
internal sealed record PgpTestKey(string Identity, PgpSecretKeyRing Secret, PgpPublicKeyRing Public)
{
    public const string Passphrase = "test-passphrase";

    public string Fingerprint => Convert.ToHexString(Public.GetPublicKey().GetFingerprint());

    public static PgpTestKey Generate(string identity)
    {
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(0x10001), random, 2048, 80));
        var created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var primary = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), created);
        var subkey = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), created);

        var primaryPackets = new PgpSignatureSubpacketGenerator();
        primaryPackets.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        primaryPackets.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha256]);
        primaryPackets.SetPreferredSymmetricAlgorithms(false, [(int)SymmetricKeyAlgorithmTag.Aes256]);
        var subkeyPackets = new PgpSignatureSubpacketGenerator();
        subkeyPackets.SetKeyFlags(false, PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage);

        var rings = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, primary, identity, SymmetricKeyAlgorithmTag.Aes256,
            Passphrase.ToCharArray(), true, primaryPackets.Generate(), null, random);
        rings.AddSubKey(subkey, subkeyPackets.Generate(), null);
        return new PgpTestKey(identity, rings.GenerateSecretKeyRing(), rings.GeneratePublicKeyRing());
    }

    /// <summary>Writes a GnuPG-style keyring directory: the given public rings and secret rings.</summary>
    public static string WriteKeyringDirectory(IEnumerable<PgpTestKey> publicKeys, IEnumerable<PgpTestKey> secretKeys)
    {
        var directory = Path.Combine(Path.GetTempPath(), "grondslag-pgp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "pubring.gpg"), new PgpPublicKeyRingBundle(publicKeys.Select(k => k.Public)).GetEncoded());
        File.WriteAllBytes(Path.Combine(directory, "secring.gpg"), new PgpSecretKeyRingBundle(secretKeys.Select(k => k.Secret)).GetEncoded());
        return directory;
    }
}

/// <summary>Keys generated once per test run: Grondslag's, CERT-FR's and CERT.at's.</summary>
internal static class PgpTestKeys
{
    private static readonly Lazy<PgpTestKey> GrondslagKey = new(() => PgpTestKey.Generate("NCSC-NL Grondslag <grondslag@ncsc.nl>"));
    private static readonly Lazy<PgpTestKey> FranceKey = new(() => PgpTestKey.Generate("CERT-FR <cert-fr@contacts.example>"));
    private static readonly Lazy<PgpTestKey> AustriaKey = new(() => PgpTestKey.Generate("CERT.at <cert-at@contacts.example>"));

    public static PgpTestKey Grondslag => GrondslagKey.Value;

    public static PgpTestKey France => FranceKey.Value;

    public static PgpTestKey Austria => AustriaKey.Value;

    /// <summary>Grondslag's side: recipients' public keys, its own secret key.</summary>
    public static string SenderKeyringDirectory() => PgpTestKey.WriteKeyringDirectory([Grondslag, France, Austria], [Grondslag]);

    /// <summary>A recipient's side: its own secret key and Grondslag's public key to verify signatures.</summary>
    public static string RecipientKeyringDirectory(PgpTestKey recipient) => PgpTestKey.WriteKeyringDirectory([Grondslag, recipient], [recipient]);
}
