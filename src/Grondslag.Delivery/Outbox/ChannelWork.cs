using System.Text.Json.Nodes;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;

namespace Grondslag.Delivery.Outbox;

/// <summary>
/// The outbox work of a release or a withdrawal: one entry per channel (TAXII publication, e-mail), made in the
/// release's (or withdrawal's) transaction from the gate-made share and run after the commit. Pure: the entries hold
/// what the channel needs (the STIX bundle, the unsealed e-mail), so no channel step ever needs the share again and no
/// OpenPGP or TAXII work happens before the commit. Keys are the idempotency keys (share, channel[, revocation]).
/// </summary>
public static class ChannelWork
{
    /// <summary>Object types that carry an address; a withdrawal removes them from the collection.</summary>
    public static readonly IReadOnlyList<string> CarriesAddresses = ["indicator", "ipv4-addr", "ipv6-addr"];

    /// <summary>The channels every release and withdrawal is queued on, in the order they run.</summary>
    public static readonly IReadOnlyList<ChannelKind> Channels = [ChannelKind.Taxii, ChannelKind.Email];

    /// <summary>The work of a released share: its bundle for the recipient's TAXII collection, its e-mail (unsealed).</summary>
    /// <param name="mailNotPossible">Why e-mail cannot be sealed (no key, no keyring), known before any work: the e-mail
    /// entry then holds no draft, only the reason, and its step records that e-mail was not possible.</param>
    public static IReadOnlyList<OutboxEntry> Of(ReleasedShare share, SenderIdentity sender, DateTimeOffset now, DateTimeOffset dueAt, string? mailNotPossible = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(sender);
        // Built once: the TAXII entry holds it compact, the e-mail attaches it indented.
        var bundle = new StixBundleWriter(sender).Build(share);
        return
        [
            Entry(OutboxEntry.KeyOf(share.ShareId, ChannelKind.Taxii), share.CaseId, share.ShareId, share.Recipient.Id, ChannelKind.Taxii, "", Utf8(bundle), now, dueAt),
            mailNotPossible is null
                ? Mail(ShareMailComposer.DraftOf(share, sender, bundle), OutboxEntry.KeyOf(share.ShareId, ChannelKind.Email), share.CaseId, now, dueAt)
                : NoMail(OutboxEntry.KeyOf(share.ShareId, ChannelKind.Email), share.CaseId, share.ShareId, share.Recipient.Id, mailNotPossible, now, dueAt),
        ];
    }

    /// <summary>
    /// The work of a withdrawal: the revocation record for the TAXII collection (without any object that carries an
    /// address; the step removes the share's stored ones) and the deletion request by e-mail (unsealed).
    /// </summary>
    public static IReadOnlyList<OutboxEntry> Of(ShareWithdrawal withdrawal, DateTimeOffset revokedAt, string reason, SenderIdentity sender, DateTimeOffset now, DateTimeOffset dueAt, string? mailNotPossible = null)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        ArgumentNullException.ThrowIfNull(sender);
        var bundle = new StixBundleWriter(sender).BuildRevocation(withdrawal, revokedAt, reason);
        var kept = bundle["objects"]!.AsArray().Select(o => o!.AsObject()).Where(o => !CarriesAddresses.Contains((string)o["type"]!)).ToList();
        bundle["objects"] = new JsonArray([.. kept.Select(o => (JsonNode)o.DeepClone())]);
        return
        [
            Entry(OutboxEntry.RevocationKeyOf(withdrawal.ShareId, ChannelKind.Taxii), withdrawal.CaseId, withdrawal.ShareId, withdrawal.Recipient.Id, ChannelKind.Taxii, "",
                System.Text.Encoding.UTF8.GetBytes(bundle.ToJsonString()), now, dueAt),
            mailNotPossible is null
                ? Mail(ShareMailComposer.DraftOfRevocation(withdrawal, revokedAt, reason, sender), OutboxEntry.RevocationKeyOf(withdrawal.ShareId, ChannelKind.Email), withdrawal.CaseId, now, dueAt)
                : NoMail(OutboxEntry.RevocationKeyOf(withdrawal.ShareId, ChannelKind.Email), withdrawal.CaseId, withdrawal.ShareId, withdrawal.Recipient.Id, mailNotPossible, now, dueAt),
        ];
    }

    /// <summary>The bundle's compact JSON written straight to UTF-8 (the same bytes as its text, without the text).</summary>
    private static byte[] Utf8(JsonObject bundle)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 16);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            bundle.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static OutboxEntry Mail(MailDraft draft, string key, string caseId, DateTimeOffset now, DateTimeOffset dueAt) =>
        Entry(key, caseId, draft.ShareId, draft.RecipientId, ChannelKind.Email, draft.Address ?? "", draft.ToBytes(), now, dueAt);

    private static OutboxEntry NoMail(string key, string caseId, string shareId, string recipientId, string reason, DateTimeOffset now, DateTimeOffset dueAt) =>
        Entry(key, caseId, shareId, recipientId, ChannelKind.Email, "", [], now, dueAt) with { LastError = reason };

    private static OutboxEntry Entry(string key, string caseId, string shareId, string recipientId, ChannelKind channel, string destination, byte[] payload, DateTimeOffset now, DateTimeOffset dueAt) =>
        new(key, caseId, shareId, recipientId, channel, destination, payload, now, OutboxState.Pending, 0, dueAt, null, null) { IsWork = true };
}
