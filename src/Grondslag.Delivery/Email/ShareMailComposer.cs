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
    public OutboundMail Compose(ReleasedShare share)
    {
        var content = DisclosedContent.Of(share);
        return Encrypted(content, "share", $"{sender.Name} case {Clean(content.CaseId)}: share {Clean(content.ShareId)}", Summary(content),
        [
            Attachment($"{content.ShareId}.csv", "text", "csv", ShareCsv.Write(share)),
            Attachment($"{content.ShareId}.stix.json", "application", "stix+json", StixBundleWriter.Serialize(new StixBundleWriter(sender).Build(share))),
            Attachment($"{content.ShareId}.misp.json", "application", "json", MispEventWriter.Serialize(new MispEventWriter(sender).Build(share))),
        ]);
    }

    /// <summary>The deletion request for a withdrawn share, with the revoking STIX bundle; signed and encrypted like the share.</summary>
    public OutboundMail ComposeRevocation(ShareWithdrawal withdrawal, DateTimeOffset revokedAt, string reason)
    {
        var share = DisclosedContent.Of(withdrawal);
        var bundle = new StixBundleWriter(sender).BuildRevocation(withdrawal, revokedAt, reason);
        var body = $"{share.Tlp.ToLabel()}\n\n{sender.Name} withdraws share {share.ShareId} of case {share.CaseId} (sent {StixBundleWriter.Timestamp(share.ReleasedAt)}). "
            + $"Please delete the information it contained and everything derived from it, and confirm to {sender.ContactInformation}.\n\nReason: {reason}\n";
        return Encrypted(share, "revocation", $"WITHDRAWN: {sender.Name} case {Clean(share.CaseId)}: share {Clean(share.ShareId)}", body,
            [Attachment($"{share.ShareId}.revocation.stix.json", "application", "stix+json", StixBundleWriter.Serialize(bundle))]);
    }

    private OutboundMail Encrypted(DisclosedContent share, string purpose, string subject, string summary, IEnumerable<MimeEntity> attachments)
    {
        var channel = share.Recipient.Channels.FirstOrDefault(c => c.Kind == ChannelKind.Email)
            ?? throw new DeliveryException($"{share.Recipient.Id} has no e-mail channel; add one to the party registry.");
        var to = SingleMailbox(share.Recipient, channel.Address);
        var now = time.GetUtcNow();
        var recipientKey = keyring.EncryptionKeyFor(channel.OpenPgpFingerprint ?? "", now)
            ?? throw new DeliveryException($"No usable OpenPGP encryption key with fingerprint '{channel.OpenPgpFingerprint}' for {share.Recipient.Id} in the keyring; import the recipient's public key or fix the fingerprint in the party registry.");
        var signer = keyring.SigningKeyFor(signingKeyFingerprint)
            ?? throw new DeliveryException($"Grondslag's signing key {signingKeyFingerprint} is not in the secret keyring.");

        var body = new Multipart("mixed") { new TextPart("plain") { Text = summary } };
        foreach (var attachment in attachments)
        {
            body.Add(attachment);
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(sender.Name, sender.Email));
        message.To.Add(to);
        message.Subject = $"[{share.Tlp.ToLabel()}] {subject}";
        message.Date = now;
        message.MessageId = $"{StixIds.UuidV5(StixIds.GrondslagNamespace, share.ShareId + "/email/" + purpose):D}@{Domain(sender.Email)}";
        message.Headers.Add("X-Grondslag-Share", Clean(share.ShareId));
        message.Body = MultipartEncrypted.SignAndEncrypt(keyring, signer, DigestAlgorithm.Sha256, EncryptionAlgorithm.Aes256, [recipientKey], body);
        return new OutboundMail(message);
    }

    /// <summary>The recipient's address as exactly one mailbox; anything else (a list, a group, line breaks) is refused.</summary>
    private static MailboxAddress SingleMailbox(Party party, string address)
    {
        var text = address.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (text.Any(char.IsControl) || at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1
            || !MailboxAddress.TryParse(text, out var mailbox) || !string.Equals(mailbox.Address, text, StringComparison.OrdinalIgnoreCase))
        {
            throw new DeliveryException($"The e-mail channel of {party.Id} ('{address}') is not a single e-mail address; fix it in the party registry.");
        }

        return new MailboxAddress(Clean(party.Name), mailbox.Address);
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

    private string Summary(DisclosedContent share)
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
