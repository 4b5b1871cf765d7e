using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Grondslag.Server.Tests.Parties;

/// <summary>How a test key is made: expiry, an encryption subkey or not, revoked or not.</summary>
internal sealed record TestKeySpec(string UserId, TimeSpan? ValidFor = null, bool EncryptionSubkey = true, bool Revoked = false);

/// <summary>
/// OpenPGP public keys made with BouncyCastle for a test (RSA 1024 to stay quick on a shared machine: only parsing,
/// matching and storing are tested here, not cryptographic strength), created on 2024-01-01, ASCII-armoured as gpg
/// exports them; several keys concatenated make a keyserver export.
/// </summary>
internal static class TestPublicKeys
{
    public static readonly DateTime Created = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static (string Fingerprint, string Armoured) Make(TestKeySpec spec)
    {
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(0x10001), random, 1024, 20));
        var primary = new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), Created);
        var primaryPackets = new PgpSignatureSubpacketGenerator();
        primaryPackets.SetKeyFlags(false, PgpKeyFlags.CanSign | PgpKeyFlags.CanCertify);
        if (spec.ValidFor is { } valid)
        {
            primaryPackets.SetKeyExpirationTime(false, (long)valid.TotalSeconds);
        }

        var rings = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, primary, spec.UserId, SymmetricKeyAlgorithmTag.Aes256,
            "test".ToCharArray(), true, primaryPackets.Generate(), null, random);
        if (spec.EncryptionSubkey)
        {
            var subkeyPackets = new PgpSignatureSubpacketGenerator();
            subkeyPackets.SetKeyFlags(false, PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage);
            if (spec.ValidFor is { } subValid)
            {
                subkeyPackets.SetKeyExpirationTime(false, (long)subValid.TotalSeconds);
            }

            rings.AddSubKey(new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, generator.GenerateKeyPair(), Created), subkeyPackets.Generate(), null);
        }

        var ring = rings.GeneratePublicKeyRing();
        if (spec.Revoked)
        {
            var signer = new PgpSignatureGenerator(PublicKeyAlgorithmTag.RsaGeneral, HashAlgorithmTag.Sha256);
            signer.InitSign(PgpSignature.KeyRevocation, primary.PrivateKey);
            var revoked = PgpPublicKey.AddCertification(ring.GetPublicKey(), signer.GenerateCertification(ring.GetPublicKey()));
            ring = PgpPublicKeyRing.InsertPublicKey(ring, revoked);
        }

        using var buffer = new MemoryStream();
        using (var armoured = new ArmoredOutputStream(buffer))
        {
            ring.Encode(armoured);
        }

        return (Convert.ToHexString(ring.GetPublicKey().GetFingerprint()), Encoding.ASCII.GetString(buffer.ToArray()));
    }
}
