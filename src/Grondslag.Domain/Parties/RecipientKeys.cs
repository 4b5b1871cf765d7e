using System.Collections.Immutable;
using System.Globalization;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Parties;

/// <summary>
/// What Grondslag knows about one OpenPGP public key (a primary key with its subkeys), independent of time:
/// <see cref="EncryptionUntil"/> is when the last usable encryption key stops being valid (null: never), so a check
/// at any moment needs nothing else. <see cref="Emails"/> are the addresses in its user ids.
/// </summary>
public sealed record OpenPgpKeyFacts(
    string Fingerprint,
    ImmutableArray<string> UserIds,
    ImmutableArray<string> Emails,
    DateTimeOffset Created,
    DateTimeOffset? Expires,
    bool Revoked,
    bool HasEncryptionKey,
    DateTimeOffset? EncryptionUntil)
{
    /// <summary>The first user id, or the fingerprint when the key has none (how a person recognises the key).</summary>
    public string Name => UserIds.IsDefaultOrEmpty ? Fingerprint : UserIds[0];

    /// <summary>True when nothing can be encrypted to this key at <paramref name="at"/> (expired primary or no valid encryption key left).</summary>
    public bool ExpiredAt(DateTimeOffset at) => (Expires is { } e && e <= at) || (EncryptionUntil is { } u && u <= at);

    /// <summary>The moment after which nothing can be encrypted to this key; null when it does not expire.</summary>
    public DateTimeOffset? UsableUntil => (Expires, EncryptionUntil) switch
    {
        ({ } e, { } u) => e < u ? e : u,
        ({ } e, null) => e,
        (null, { } u) => u,
        (null, null) => null,
    };
}

/// <summary>Why a recipient cannot (or soon cannot) receive encrypted mail.</summary>
public enum RecipientKeyProblem
{
    /// <summary>The registry's e-mail channel says PLACEHOLDER: the key was never filled in.</summary>
    Placeholder,

    /// <summary>The registry names a fingerprint but the keyring has no such key.</summary>
    NotInKeyring,

    /// <summary>The key is revoked.</summary>
    Revoked,

    /// <summary>The key (or its last encryption subkey) has expired.</summary>
    Expired,

    /// <summary>The key has no encryption key (a signing-only key).</summary>
    NoEncryptionKey,

    /// <summary>The key expires within <see cref="RecipientKeys.Horizon"/>: a later mail (a withdrawal notice) may not go out.</summary>
    ExpiresSoon,
}

/// <summary>One warning about a recipient's OpenPGP key, in both languages.</summary>
public sealed record RecipientKeyWarning(RecipientKeyProblem Problem, string PartyId, string? Fingerprint, DateTimeOffset? Expires, LocalText Text)
{
    /// <summary>Wire name (as the API shows it).</summary>
    public string Code => Problem switch
    {
        RecipientKeyProblem.Placeholder => "placeholder",
        RecipientKeyProblem.NotInKeyring => "missing",
        RecipientKeyProblem.Revoked => "revoked",
        RecipientKeyProblem.Expired => "expired",
        RecipientKeyProblem.NoEncryptionKey => "no-encryption-key",
        RecipientKeyProblem.ExpiresSoon => "expires-soon",
    };

    /// <summary>True when mail cannot go out at all (everything but <see cref="RecipientKeyProblem.ExpiresSoon"/>).</summary>
    public bool BlocksMail => Problem != RecipientKeyProblem.ExpiresSoon;
}

/// <summary>
/// Checks a recipient's keys before anyone approves a share to it: for every e-mail channel in the registry, a
/// placeholder, a fingerprint the keyring lacks, a revoked, expired or signing-only key, or one that expires within
/// <see cref="Horizon"/> is a warning. A party without an e-mail channel gets none (it is reached over TAXII only, which
/// needs no key). Pure: the keyring is a lookup by normalised fingerprint.
/// </summary>
public static class RecipientKeys
{
    /// <summary>How far ahead an expiry is warned about: the outbox retries for days, and a withdrawal notice may follow weeks later.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(30);

    public static ImmutableArray<RecipientKeyWarning> Check(Party party, Func<string, OpenPgpKeyFacts?> keyring, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(keyring);
        var warnings = ImmutableArray.CreateBuilder<RecipientKeyWarning>();
        foreach (var channel in party.Channels.Where(c => c.Kind == ChannelKind.Email))
        {
            var fingerprint = OpenPgpFingerprints.Normalise(channel.OpenPgpFingerprint);
            if (fingerprint is null)
            {
                warnings.Add(Warn(RecipientKeyProblem.Placeholder, party, null, null,
                    $"{party.Name}: no OpenPGP key in the registry (placeholder) for {channel.Address}: mail cannot be encrypted, so it will not go out. Import the party's key (grondslag admin parties import-keys) before approving, or deliver over TAXII only.",
                    $"{party.Name}: geen OpenPGP-sleutel in het register (placeholder) voor {channel.Address}: mail kan niet versleuteld worden en gaat dus niet uit. Importeer de sleutel van de partij (grondslag admin parties import-keys) vóór goedkeuring, of lever alleen via TAXII."));
                continue;
            }

            var key = keyring(fingerprint);
            if (key is null)
            {
                warnings.Add(Warn(RecipientKeyProblem.NotInKeyring, party, fingerprint, null,
                    $"{party.Name}: the registry names OpenPGP key {fingerprint}, but the keyring does not have it: mail will not go out. Import the key (grondslag admin parties import-keys).",
                    $"{party.Name}: het register noemt OpenPGP-sleutel {fingerprint}, maar die staat niet in de sleutelbos: mail gaat niet uit. Importeer de sleutel (grondslag admin parties import-keys)."));
            }
            else if (key.Revoked)
            {
                warnings.Add(Warn(RecipientKeyProblem.Revoked, party, fingerprint, null,
                    $"{party.Name}: OpenPGP key {fingerprint} is revoked: mail will not go out. Ask the party for its new key.",
                    $"{party.Name}: OpenPGP-sleutel {fingerprint} is ingetrokken: mail gaat niet uit. Vraag de partij om haar nieuwe sleutel."));
            }
            else if (!key.HasEncryptionKey)
            {
                warnings.Add(Warn(RecipientKeyProblem.NoEncryptionKey, party, fingerprint, null,
                    $"{party.Name}: OpenPGP key {fingerprint} has no encryption key (signing only): mail will not go out. Ask the party for a key that can encrypt.",
                    $"{party.Name}: OpenPGP-sleutel {fingerprint} heeft geen versleutelsleutel (alleen ondertekenen): mail gaat niet uit. Vraag de partij om een sleutel die kan versleutelen."));
            }
            else if (key.ExpiredAt(at))
            {
                var until = key.UsableUntil;
                warnings.Add(Warn(RecipientKeyProblem.Expired, party, fingerprint, until,
                    $"{party.Name}: OpenPGP key {fingerprint} expired on {Day(until)}: mail will not go out. Import the party's renewed key.",
                    $"{party.Name}: OpenPGP-sleutel {fingerprint} is verlopen op {Day(until)}: mail gaat niet uit. Importeer de vernieuwde sleutel van de partij."));
            }
            else if (key.UsableUntil is { } until && until <= at + Horizon)
            {
                warnings.Add(Warn(RecipientKeyProblem.ExpiresSoon, party, fingerprint, until,
                    $"{party.Name}: OpenPGP key {fingerprint} expires on {Day(until)}, within {Horizon.Days} days: a later mail (a withdrawal notice) may not go out. Ask the party for its renewed key.",
                    $"{party.Name}: OpenPGP-sleutel {fingerprint} verloopt op {Day(until)}, binnen {Horizon.Days} dagen: een latere mail (een intrekkingsbericht) gaat dan mogelijk niet uit. Vraag de partij om haar vernieuwde sleutel."));
            }
        }

        return warnings.ToImmutable();
    }

    private static RecipientKeyWarning Warn(RecipientKeyProblem problem, Party party, string? fingerprint, DateTimeOffset? expires, string en, string nl) =>
        new(problem, party.Id, fingerprint, expires, new LocalText(en, nl));

    private static string Day(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";
}
