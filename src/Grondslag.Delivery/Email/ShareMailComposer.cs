using System.Globalization;
using System.Text;
using Grondslag.Delivery.Csv;
using Grondslag.Delivery.Misp;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using MimeKit;
using MimeKit.Cryptography;

namespace Grondslag.Delivery.Email;

/// <summary>
/// Composes the e-mail that carries a released share: CSV, STIX and MISP attached, signed with Grondslag's
/// OpenPGP key and encrypted to the recipient's key (PGP/MIME, RFC 3156). Fails closed, naming the cause,
/// when the recipient has no e-mail channel, no usable key, or an address that is not a single mailbox.
/// </summary>
public sealed class ShareMailComposer(SenderIdentity sender, OpenPgpKeyring keyring, string signingKeyFingerprint, TimeProvider time)
{
    /// <summary>The encrypted message, ready for the outbox (only a released share is ever composed as a share). The Message-Id is derived from the share: the same share, the same id.</summary>
    public OutboundMail Compose(ReleasedShare share) => Seal(DraftOf(share, sender));

    /// <summary>The deletion request for a withdrawn share, with the revoking STIX bundle; signed and encrypted like the share.</summary>
    public OutboundMail ComposeRevocation(ShareWithdrawal withdrawal, DateTimeOffset revokedAt, string reason) =>
        Seal(DraftOfRevocation(withdrawal, revokedAt, reason, sender));

    /// <summary>
    /// Signs and encrypts the e-mail an outbox entry of the e-mail channel holds (its unsealed draft, made from the
    /// released share or the withdrawal when the entry was made). This is the OpenPGP work: the outbox runs it after
    /// the release has committed, outside every transaction and lock.
    /// </summary>
    public OutboundMail Seal(Outbox.OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Seal(entry.Draft());
    }

    /// <summary>The unsealed e-mail of a released share (pure: no keyring, no I/O).</summary>
    /// <param name="bundle">The share's STIX bundle when the caller already built it (the TAXII entry's), else built here.</param>
    internal static MailDraft DraftOf(ReleasedShare share, SenderIdentity sender, System.Text.Json.Nodes.JsonObject? bundle = null)
    {
        var content = DisclosedContent.Of(share);
        return Draft(content, sender, "share", $"{sender.Name} case {Clean(content.CaseId)}: share {Clean(content.ShareId)}", Summary(content, sender),
        [
            new MailAttachment($"{content.ShareId}.csv", "text", "csv", ShareCsv.Write(share)),
            new MailAttachment($"{content.ShareId}.stix.json", "application", "stix+json", StixBundleWriter.Serialize(bundle ?? new StixBundleWriter(sender).Build(share))),
            new MailAttachment($"{content.ShareId}.misp.json", "application", "json", MispEventWriter.Serialize(new MispEventWriter(sender).Build(share))),
        ]);
    }

    /// <summary>The unsealed deletion request of a withdrawn share (pure).</summary>
    internal static MailDraft DraftOfRevocation(ShareWithdrawal withdrawal, DateTimeOffset revokedAt, string reason, SenderIdentity sender)
    {
        var share = DisclosedContent.Of(withdrawal);
        var bundle = new StixBundleWriter(sender).BuildRevocation(withdrawal, revokedAt, reason);
        var body = $"{share.Tlp.ToLabel()}\n\n{sender.Name} withdraws share {share.ShareId} of case {share.CaseId} (sent {StixBundleWriter.Timestamp(share.ReleasedAt)}). "
            + $"Please delete the information it contained and everything derived from it, and confirm to {sender.ContactInformation}.\n\nReason: {reason}\n";
        return Draft(share, sender, "revocation", $"WITHDRAWN: {sender.Name} case {Clean(share.CaseId)}: share {Clean(share.ShareId)}", body,
            [new MailAttachment($"{share.ShareId}.revocation.stix.json", "application", "stix+json", StixBundleWriter.Serialize(bundle))]);
    }

    private static MailDraft Draft(DisclosedContent share, SenderIdentity sender, string purpose, string subject, string summary, IReadOnlyList<MailAttachment> attachments)
    {
        var channel = share.Recipient.Channels.FirstOrDefault(c => c.Kind == ChannelKind.Email);
        return new MailDraft(share.ShareId, share.Recipient.Id, share.Recipient.Name, channel?.Address, channel?.OpenPgpFingerprint,
            $"[{share.Tlp.ToLabel()}] {subject}",
            $"{StixIds.UuidV5(StixIds.GrondslagNamespace, share.ShareId + "/email/" + purpose):D}@{Domain(sender.Email)}",
            summary, [.. attachments]);
    }

    private OutboundMail Seal(MailDraft draft)
    {
        var address = draft.Address
            ?? throw new DeliveryException($"{draft.RecipientId} has no e-mail channel; add one to the party registry.");
        var to = SingleMailbox(draft.RecipientId, draft.RecipientName, address);
        var now = time.GetUtcNow();
        var recipientKey = keyring.EncryptionKeyFor(draft.Fingerprint ?? "", now)
            ?? throw new DeliveryException($"No usable OpenPGP encryption key with fingerprint '{draft.Fingerprint}' for {draft.RecipientId} in the keyring; import the recipient's public key or fix the fingerprint in the party registry.");
        var signer = keyring.SigningKeyFor(signingKeyFingerprint)
            ?? throw new DeliveryException($"Grondslag's signing key {signingKeyFingerprint} is not in the secret keyring.");

        var body = new Multipart("mixed") { new TextPart("plain") { Text = draft.Summary } };
        foreach (var attachment in draft.Attachments)
        {
            body.Add(Attachment(attachment.FileName, attachment.MediaType, attachment.Subtype, attachment.Content));
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(sender.Name, sender.Email));
        message.To.Add(to);
        message.Subject = draft.Subject;
        message.Date = now;
        message.MessageId = draft.MessageId;
        message.Headers.Add("X-Grondslag-Share", Clean(draft.ShareId));
        message.Body = MultipartEncrypted.SignAndEncrypt(keyring, signer, DigestAlgorithm.Sha256, EncryptionAlgorithm.Aes256, [recipientKey], body);
        return new OutboundMail(message);
    }

    /// <summary>The recipient's address as exactly one mailbox; anything else (a list, a group, line breaks) is refused.</summary>
    private static MailboxAddress SingleMailbox(string partyId, string partyName, string address)
    {
        var text = address.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (text.Any(char.IsControl) || at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1
            || !MailboxAddress.TryParse(text, out var mailbox) || !string.Equals(mailbox.Address, text, StringComparison.OrdinalIgnoreCase))
        {
            throw new DeliveryException($"The e-mail channel of {partyId} ('{address}') is not a single e-mail address; fix it in the party registry.");
        }

        return new MailboxAddress(Clean(partyName), mailbox.Address);
    }

    /// <summary>Replaces control characters (CR, LF …) by spaces: a header value stays one line whatever a name holds.</summary>
    private static string Clean(string text) => new([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);

    private static string Domain(string email) => email[(email.LastIndexOf('@') + 1)..];

    private static MimePart Attachment(string fileName, string mediaType, string subtype, string content) => new(mediaType, subtype)
    {
        Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(content))),
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
        ContentTransferEncoding = ContentEncoding.Base64,
        FileName = fileName,
    };

    private static string Summary(DisclosedContent share, SenderIdentity sender)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{share.Tlp.ToLabel()}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{sender.Name} shares {share.Indicators.Length} address(es) of devices compromised in campaign {share.Campaign} that lie in your constituency (case {share.CaseId}, share {share.ShareId}).\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Legal basis: {string.Join("; ", share.Assessment.Basis.Select(c => c.Short))}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Purpose restriction: {OriginatorConditions.ToWire(share.Originator.Purpose)}.\n");
        text.Append(CultureInfo.InvariantCulture, $"Rule set SHA-256: {share.Assessment.RuleSetSha256}.\n\n");
        text.Append("Attached: the addresses as CSV, a STIX 2.1 bundle and a MISP event.\n");
        text.Append(CultureInfo.InvariantCulture, $"Questions: {sender.ContactInformation}\n");
        return text.ToString();
    }
}

/// <summary>A share cannot be delivered on a channel as configured; the message names the fix.</summary>
public sealed class DeliveryException : Exception
{
    public DeliveryException(string message)
        : base(message)
    {
    }

    public DeliveryException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DeliveryException()
    {
    }
}
