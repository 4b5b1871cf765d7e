using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Grondslag.Application.Activation;
using Grondslag.Application.Auditing;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Parties;

/// <summary>One uploaded file of ASCII-armoured OpenPGP public keys (one key, or a keyserver export with several).</summary>
public sealed record KeyFile(string Name, string Armoured);

/// <summary>One key read from a file, with its material in the keyring's own encoding.</summary>
public sealed record ReadKey(OpenPgpKeyFacts Facts, ReadOnlyMemory<byte> Material);

/// <summary>What a file held: the keys read, and per block that could not be read, why.</summary>
public sealed record ReadKeys(ImmutableArray<ReadKey> Keys, ImmutableArray<string> Problems);

/// <summary>
/// The OpenPGP keyring the mail channel encrypts with. Adding a key changes nothing about who receives what: mail
/// is encrypted only to the fingerprint the registry in force names, and the registry changes only by activation.
/// </summary>
public interface IRecipientKeyring
{
    /// <summary>Null when keys can be stored; otherwise why not and what to configure.</summary>
    string? Unavailable { get; }

    /// <summary>Reads every public key in an armoured text (several blocks, several keys per block).</summary>
    ReadKeys Read(string armoured);

    /// <summary>The key whose primary fingerprint is this (normalised, upper-case hex), or null.</summary>
    OpenPgpKeyFacts? Find(string fingerprint);

    /// <summary>Adds the keys (replacing a stored copy with the same fingerprint, e.g. one with a later expiry).</summary>
    void Store(IReadOnlyList<ReadKey> keys);
}

/// <summary>What happened to one key of an import.</summary>
public enum KeyImportStatus
{
    /// <summary>Stored in the keyring; the party's registry entry changes in the proposal (four eyes).</summary>
    Proposed,

    /// <summary>Stored in the keyring; the registry already names this key for the party.</summary>
    Registered,

    /// <summary>Not stored, not proposed: <see cref="KeyImportLine.Reason"/> says why.</summary>
    Refused,
}

/// <summary>One line of the import report: the file and key, the party it went to, and what happened and why.</summary>
public sealed record KeyImportLine(string File, string Key, string? UserId, string? Party, KeyImportStatus Status, string Reason);

/// <summary>The import's report and, when a registry entry changes, the proposal a second administrator approves.</summary>
public sealed record KeyImportReport(ImmutableArray<KeyImportLine> Keys, ActivationProposal? Proposal);

/// <summary>
/// Imports parties' OpenPGP public keys (and with them their e-mail contact) from armoured files or a keyserver
/// export. Each key is matched to a party: the party the administrator named, else the party whose registry entry
/// already names the fingerprint, else the party whose e-mail channel has an address of the key. Refused, with the
/// reason, are unreadable blocks, revoked, expired and signing-only keys, keys of no known party, keys whose fingerprint
/// differs from the one the registry names (unless the administrator names the party: a key rotation), and a second
/// key for the same party. Usable keys go into the keyring (inert until the registry names them). A changed fingerprint
/// or address is never written directly: the registry in force is edited in place and proposed through
/// <see cref="IProposeActivation"/>, so it comes into force only when another administrator approves it, exactly as
/// any registry change.
/// </summary>
public interface IImportPartyKeys
{
    Task<Outcome<KeyImportReport>> ExecuteAsync(IReadOnlyList<KeyFile> files, string? partyId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IImportPartyKeys"/>
public sealed class ImportPartyKeys(IRecipientKeyring keyring, IActivationStore store, IReferenceLoader loader, IProposeActivation propose, IAuditTrail audit, TimeProvider clock) : IImportPartyKeys
{
    public const int MaxFiles = 20;

    public async Task<Outcome<KeyImportReport>> ExecuteAsync(IReadOnlyList<KeyFile> files, string? partyId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Role.Administrator)
        {
            return new Refusal(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText("Only an administrator imports parties' keys.", "Alleen een beheerder leest sleutels van partijen in."));
        }

        if (files.Count is 0 or > MaxFiles || files.Any(f => string.IsNullOrWhiteSpace(f.Armoured)))
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"Send 1 to {MaxFiles} files, each with ASCII-armoured OpenPGP public keys (-----BEGIN PGP PUBLIC KEY BLOCK-----).", $"Stuur 1 tot {MaxFiles} bestanden, elk met ASCII-armoured publieke OpenPGP-sleutels (-----BEGIN PGP PUBLIC KEY BLOCK-----)."));
        }

        if (keyring.Unavailable is { } unavailable)
        {
            return new Refusal(RefusalKind.Conflict, unavailable);
        }

        var inForce = await store.InForceAsync(ReferenceKind.Parties, cancellationToken).ConfigureAwait(false);
        var loaded = inForce is null ? new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText("No party registry is in force yet; start the server once so that it activates the configured registry.", "Er is nog geen partijregister van kracht; start de server eenmaal zodat die het ingestelde register activeert.")) : loader.Load(inForce.Version);
        if (loaded.Refusal is { } notLoaded)
        {
            return notLoaded;
        }

        var registry = loaded.Value!.Registry!;
        Party? named = null;
        if (partyId is { Length: > 0 })
        {
            named = registry.Find(partyId.Trim());
            if (named is null)
            {
                return new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no party '{partyId}' in the registry in force; see grondslag admin parties show.", $"Er is geen partij '{partyId}' in het geldende register; zie grondslag admin parties show."));
            }
        }

        var now = clock.GetUtcNow();
        var lines = new List<KeyImportLine>();
        var accepted = new List<ReadKey>();
        var edits = new Dictionary<string, EmailChannelEdit>(StringComparer.Ordinal);
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var read = keyring.Read(file.Armoured);
            lines.AddRange(read.Problems.Select(p => new KeyImportLine(file.Name, "-", null, null, KeyImportStatus.Refused, p)));
            if (read.Keys.IsDefaultOrEmpty && read.Problems.IsDefaultOrEmpty)
            {
                lines.Add(new KeyImportLine(file.Name, "-", null, null, KeyImportStatus.Refused, "no OpenPGP public key in this file (expected -----BEGIN PGP PUBLIC KEY BLOCK-----)"));
            }

            foreach (var key in read.Keys)
            {
                var line = Classify(file.Name, key.Facts, registry, named, now, taken, edits);
                lines.Add(line);
                if (line.Status != KeyImportStatus.Refused)
                {
                    accepted.Add(key);
                }
            }
        }

        ActivationProposal? proposal = null;
        if (edits.Count > 0)
        {
            var edited = PartyRegistryEditor.Apply(inForce!.Version.Content, [.. edits.Values]);
            if (edited.Refusal is { } notEdited)
            {
                return notEdited;
            }

            var proposed = await propose.PartiesAsync(System.Text.Encoding.UTF8.GetBytes(edited.Value!), actor, cancellationToken).ConfigureAwait(false);
            if (proposed.Refusal is { } notProposed)
            {
                return new Refusal(notProposed.Kind, new Grondslag.Domain.Text.LocalText("The keys were not imported: the changed registry was refused: " + notProposed.Reason, "De sleutels zijn niet ingelezen: het gewijzigde register is geweigerd: " + notProposed.For("nl")));
            }

            proposal = proposed.Value;
        }

        keyring.Store(accepted);
        await audit.AppendAsync(new AuditRecord("party-keys.import", actor.Name, actor.Role.ToWire(), null, proposal?.Version.Sha256 ?? registry.Sha256, new JsonObject
        {
            ["proposal"] = proposal?.Id,
            ["keys"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject
            {
                ["file"] = l.File,
                ["key"] = l.Key,
                ["party"] = l.Party,
                ["status"] = l.Status.ToString().ToLowerInvariant(),
                ["reason"] = l.Reason,
            })]),
        }), cancellationToken).ConfigureAwait(false);
        return Outcome<KeyImportReport>.Ok(new KeyImportReport([.. lines], proposal));
    }

    /// <summary>Decides one key: refused with a reason, already registered, or a registry change to propose.</summary>
    internal static KeyImportLine Classify(string file, OpenPgpKeyFacts key, PartyRegistry registry, Party? named, DateTimeOffset now,
        IDictionary<string, string> taken, IDictionary<string, EmailChannelEdit> edits)
    {
        KeyImportLine Refuse(string? party, string reason) => new(file, key.Fingerprint, key.Name, party, KeyImportStatus.Refused, reason);

        if (key.Revoked)
        {
            return Refuse(null, "the key is revoked");
        }

        if (!key.HasEncryptionKey)
        {
            return Refuse(null, "the key has no usable encryption subkey (signing only, or every encryption subkey revoked)");
        }

        if (key.ExpiredAt(now))
        {
            return Refuse(null, "the key expired on " + key.UsableUntil?.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        static Channel? Email(Party p) => p.Channels.FirstOrDefault(c => c.Kind == ChannelKind.Email);
        var party = named
            ?? registry.Parties.FirstOrDefault(p => OpenPgpFingerprints.Normalise(Email(p)?.OpenPgpFingerprint) == key.Fingerprint)
            ?? registry.Parties.FirstOrDefault(p => Email(p) is { } c && key.Emails.Contains(c.Address, StringComparer.OrdinalIgnoreCase));
        if (party is null)
        {
            return Refuse(null, $"unknown party: no party in the registry names this fingerprint or has an e-mail channel with {(key.Emails.IsDefaultOrEmpty ? "an address of this key (it has none)" : string.Join(", ", key.Emails))}; name the party (--party)");
        }

        if (party.Self)
        {
            return Refuse(party.Id, $"{party.Id} is the sender (self): it receives no share, so it needs no recipient key");
        }

        var channel = Email(party);
        if (channel is null)
        {
            return Refuse(party.Id, $"{party.Id} has no e-mail channel in the registry: add one and propose the registry file");
        }

        if (taken.TryGetValue(party.Id, out var other) && other != key.Fingerprint)
        {
            return Refuse(party.Id, $"another key in this import ({other}) already goes to {party.Id}: import one key per party");
        }

        var registered = OpenPgpFingerprints.Normalise(channel.OpenPgpFingerprint);
        if (registered is not null && registered != key.Fingerprint && named is null)
        {
            return Refuse(party.Id, $"the fingerprint does not match the registry: {party.Id} has {registered}; to replace its key, name the party (--party {party.Id})");
        }

        taken[party.Id] = key.Fingerprint;
        // The contact: the key's address becomes the channel's address when the registry's does not appear on the key
        // (e.g. a placeholder such as cert-fr@contacts.example); with several addresses on the key, the first.
        var address = key.Emails.Contains(channel.Address, StringComparer.OrdinalIgnoreCase) || key.Emails.IsDefaultOrEmpty ? null : key.Emails[0];
        if (registered == key.Fingerprint && address is null)
        {
            return new KeyImportLine(file, key.Fingerprint, key.Name, party.Id, KeyImportStatus.Registered, "already the registry's key for this party; the keyring copy is refreshed");
        }

        edits[party.Id] = new EmailChannelEdit(party.Id, key.Fingerprint, address);
        var change = (registered is null ? "placeholder" : registered) + " → " + key.Fingerprint + (address is null ? "" : $"; e-mail {channel.Address} → {address}");
        return new KeyImportLine(file, key.Fingerprint, key.Name, party.Id, KeyImportStatus.Proposed, $"registry change proposed ({change}); in force after another administrator approves it");
    }
}

/// <summary>The warnings about a recipient's keys now (see <see cref="RecipientKeys"/>), for plans, case views and approvals.</summary>
public interface IRecipientKeyWarnings
{
    ImmutableArray<RecipientKeyWarning> For(Party party);
}

/// <inheritdoc cref="IRecipientKeyWarnings"/>
public sealed class RecipientKeyWarnings(IRecipientKeyring keyring, TimeProvider clock) : IRecipientKeyWarnings
{
    public ImmutableArray<RecipientKeyWarning> For(Party party) => RecipientKeys.Check(party, keyring.Find, clock.GetUtcNow());
}
