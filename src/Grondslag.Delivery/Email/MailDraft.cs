using System.Collections.Immutable;
using System.Text.Json;

namespace Grondslag.Delivery.Email;

/// <summary>One attachment of an unsealed e-mail.</summary>
internal sealed record MailAttachment(string FileName, string MediaType, string Subtype, string Content);

/// <summary>
/// An e-mail before its OpenPGP signature and encryption: made (purely) from a released share or a withdrawal when the
/// release commits, kept in the outbox entry, sealed by <see cref="ShareMailComposer.Seal(Outbox.OutboxEntry)"/> after the commit.
/// Internal: only this assembly makes one, from a gate-made share. <see cref="Address"/> is null when the recipient has
/// no e-mail channel (sealing then fails closed, naming the fix).
/// </summary>
internal sealed record MailDraft(
    string ShareId,
    string RecipientId,
    string RecipientName,
    string? Address,
    string? Fingerprint,
    string Subject,
    string MessageId,
    string Summary,
    ImmutableArray<MailAttachment> Attachments)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static MailDraft FromBytes(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize<MailDraft>(bytes, Json) ?? throw new DeliveryException("The outbox entry holds no e-mail draft.");
}
