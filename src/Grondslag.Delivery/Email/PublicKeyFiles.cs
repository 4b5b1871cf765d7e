using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Grondslag.Domain.Parties;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Grondslag.Delivery.Email;

/// <summary>A public key ring read from a file, with the facts a person and the import rules need.</summary>
public sealed record PublicKeyRead(OpenPgpKeyFacts Facts, byte[] Encoded);

/// <summary>
/// Reads ASCII-armoured OpenPGP public keys (a single export or a keyserver export: several armour blocks, several
/// keys per block) with BouncyCastle, and keeps the keyring file (<c>pubring.gpg</c>) the mail composer reads. No gpg.
/// </summary>
public static partial class PublicKeyFiles
{
    public const string PublicRing = "pubring.gpg";

    private const string Begin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static readonly Lock Gate = new();

    /// <summary>Every key in the text; per block or packet that cannot be read, a problem naming the block.</summary>
    public static (ImmutableArray<PublicKeyRead> Keys, ImmutableArray<string> Problems) Read(string armoured)
    {
        ArgumentNullException.ThrowIfNull(armoured);
        var keys = ImmutableArray.CreateBuilder<PublicKeyRead>();
        var problems = ImmutableArray.CreateBuilder<string>();
        var blocks = armoured.Split(Begin, StringSplitOptions.None).Skip(1).ToArray();
        if (armoured.Contains("-----BEGIN PGP PRIVATE KEY BLOCK-----", StringComparison.Ordinal))
        {
            problems.Add("the file holds a PRIVATE key block: it was not read (send only public keys; gpg --armor --export)");
        }

        for (var i = 0; i < blocks.Length; i++)
        {
            var block = Begin + blocks[i];
            try
            {
                using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.ASCII.GetBytes(block)));
                var factory = new PgpObjectFactory(input);
                var read = 0;
                while (factory.NextPgpObject() is { } next)
                {
                    if (next is PgpPublicKeyRing ring)
                    {
                        keys.Add(new PublicKeyRead(Facts(ring), ring.GetEncoded()));
                        read++;
                    }
                }

                if (read == 0)
                {
                    problems.Add($"armour block {i + 1}: no public key in it");
                }
            }
            catch (Exception ex) when (ex is IOException or PgpException or ArgumentException or InvalidOperationException)
            {
                problems.Add($"armour block {i + 1}: not a readable OpenPGP public key ({ex.Message})");
            }
        }

        return (keys.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>The facts of the key in <paramref name="directory"/>'s public ring with this primary fingerprint, or null.</summary>
    public static OpenPgpKeyFacts? Find(string directory, string fingerprint)
    {
        var wanted = OpenPgpKeyring.NormaliseFingerprint(fingerprint);
        return Load(directory)?.GetKeyRings().Cast<PgpPublicKeyRing>()
            .Where(r => OpenPgpKeyring.Fingerprint(r.GetPublicKey()) == wanted).Select(Facts).FirstOrDefault();
    }

    /// <summary>Adds key rings to the public ring, replacing stored rings with the same primary key; written atomically.</summary>
    public static void Store(string directory, IEnumerable<byte[]> encodedRings)
    {
        ArgumentNullException.ThrowIfNull(encodedRings);
        lock (Gate)
        {
            Directory.CreateDirectory(directory);
            var bundle = Load(directory) ?? new PgpPublicKeyRingBundle(Array.Empty<PgpPublicKeyRing>());
            foreach (var encoded in encodedRings)
            {
                var ring = new PgpPublicKeyRing(encoded);
                var id = ring.GetPublicKey().KeyId;
                if (bundle.GetPublicKeyRing(id) is { } stored && stored.GetPublicKey().KeyId == id)
                {
                    bundle = PgpPublicKeyRingBundle.RemovePublicKeyRing(bundle, stored);
                }

                bundle = PgpPublicKeyRingBundle.AddPublicKeyRing(bundle, ring);
            }

            var path = Path.Combine(directory, PublicRing);
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, bundle.GetEncoded());
            File.Move(temporary, path, overwrite: true);
        }
    }

    private static PgpPublicKeyRingBundle? Load(string directory)
    {
        var path = Path.Combine(directory, PublicRing);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = File.OpenRead(path);
        return new PgpPublicKeyRingBundle(stream);
    }

    private static OpenPgpKeyFacts Facts(PgpPublicKeyRing ring)
    {
        var primary = ring.GetPublicKey();
        var userIds = primary.GetUserIds().ToImmutableArray();
        var emails = userIds.Select(EmailOf).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToImmutableArray();
        var encryption = ring.GetPublicKeys().Where(k => CanEncrypt(k) && !k.HasRevocation()).ToList();
        DateTimeOffset? until = null;
        if (encryption.Count > 0 && encryption.All(k => k.GetValidSeconds() > 0))
        {
            until = encryption.Max(k => new DateTimeOffset(k.CreationTime.AddSeconds(k.GetValidSeconds()), TimeSpan.Zero));
        }

        var seconds = primary.GetValidSeconds();
        return new OpenPgpKeyFacts(
            OpenPgpKeyring.Fingerprint(primary),
            userIds,
            emails,
            new DateTimeOffset(primary.CreationTime, TimeSpan.Zero),
            seconds > 0 ? new DateTimeOffset(primary.CreationTime.AddSeconds(seconds), TimeSpan.Zero) : null,
            primary.HasRevocation(),
            encryption.Count > 0,
            until);
    }

    /// <summary>
    /// An encryption algorithm, and key flags (when the self-signatures carry any) that allow encryption: an RSA key
    /// flagged sign-and-certify only is a signing key, whatever its algorithm could do.
    /// </summary>
    private static bool CanEncrypt(PgpPublicKey key)
    {
        if (!key.IsEncryptionKey)
        {
            return false;
        }

        var signatures = key.IsMasterKey ? key.GetSignatures() : key.GetSignaturesOfType(PgpSignature.SubkeyBinding);
        var flags = signatures.Where(s => s.HasSubpackets).Select(s => s.GetHashedSubPackets()?.GetKeyFlags() ?? 0).Where(f => f != 0).ToList();
        return flags.Count == 0 || flags.Any(f => (f & (PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage)) != 0);
    }

    private static string? EmailOf(string userId)
    {
        var match = AngleAddress().Match(userId);
        var candidate = match.Success ? match.Groups[1].Value : userId.Trim();
        return candidate.Contains('@', StringComparison.Ordinal) && !candidate.Contains(' ', StringComparison.Ordinal) ? candidate : null;
    }

    [GeneratedRegex("<([^<>\\s]+@[^<>\\s]+)>")]
    private static partial Regex AngleAddress();
}
