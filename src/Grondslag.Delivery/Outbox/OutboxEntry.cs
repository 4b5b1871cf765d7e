using Grondslag.Domain.Parties;

namespace Grondslag.Delivery.Outbox;

/// <summary>Where a delivery stands.</summary>
public enum OutboxState
{
    /// <summary>Waiting for its next attempt (<see cref="OutboxEntry.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>The server accepted it; it is never sent again.</summary>
    Sent,

    /// <summary>Attempts are exhausted; an operator must look (the last error says why).</summary>
    GaveUp,
}

/// <summary>
/// One durable delivery: a share (or its deletion request) on one channel to one recipient, with the finished
/// (encrypted) payload so that every retry sends byte-for-byte the same message. <see cref="Key"/> is the
/// idempotency key. Only <see cref="ShareOutbox"/> composes one, from a <see cref="Domain.Disclosure.ReleasedShare"/>
/// or a <see cref="Domain.Disclosure.ShareWithdrawal"/>: the constructor and every setter are internal, so no
/// code outside this assembly can make an entry with bytes of its own (the database store rebuilds stored entries
/// through <c>InternalsVisibleTo</c>; it only ever reads back what the outbox wrote). Immutable.
/// </summary>
public sealed record OutboxEntry
{
    internal OutboxEntry(
        string key,
        string caseId,
        string shareId,
        string recipientId,
        ChannelKind channel,
        string destination,
        ReadOnlyMemory<byte> payload,
        DateTimeOffset enqueuedAt,
        OutboxState state,
        int attempts,
        DateTimeOffset nextAttemptAt,
        DateTimeOffset? sentAt,
        string? lastError)
    {
        Key = key;
        CaseId = caseId;
        ShareId = shareId;
        RecipientId = recipientId;
        Channel = channel;
        Destination = destination;
        Payload = payload.ToArray();
        EnqueuedAt = enqueuedAt;
        State = state;
        Attempts = attempts;
        NextAttemptAt = nextAttemptAt;
        SentAt = sentAt;
        LastError = lastError;
    }

    public string Key { get; }
    public string CaseId { get; }
    public string ShareId { get; }
    public string RecipientId { get; }
    public ChannelKind Channel { get; }
    public string Destination { get; }

    /// <summary>The finished message (MIME, signed and encrypted); read-only, a copy of what was composed.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public DateTimeOffset EnqueuedAt { get; }
    public OutboxState State { get; internal init; }
    public int Attempts { get; internal init; }
    public DateTimeOffset NextAttemptAt { get; internal init; }
    public DateTimeOffset? SentAt { get; internal init; }
    public string? LastError { get; internal init; }

    /// <summary>The idempotency key of a share on a channel: one share is delivered at most once per channel.</summary>
    public static string KeyOf(string shareId, ChannelKind channel) => $"{shareId}/{channel.ToString().ToLowerInvariant()}";

    /// <summary>The idempotency key of a withdrawal's step on a channel (its revocation), once per share and channel.</summary>
    public static string RevocationKeyOf(string shareId, ChannelKind channel) => KeyOf(shareId, channel) + "/revocation";

    /// <summary>Whether this entry carries a withdrawal (revocation, deletion request) rather than the share itself.</summary>
    public bool IsRevocation => Key.EndsWith("/revocation", StringComparison.Ordinal);

    /// <summary>The payload is still the unsealed work made at release (a TAXII bundle, an e-mail draft), not a finished message.</summary>
    public bool IsWork { get; internal init; }

    /// <summary>Why e-mail was known not to be possible when the work was made (no key, no keyring); then there is no draft.</summary>
    public string? NotPossibleReason => IsWork && Payload.IsEmpty ? LastError ?? "not possible" : null;

    /// <summary>
    /// The STIX bundle a TAXII entry publishes (built from the released share, or the revocation record of a withdrawal,
    /// when the entry was made). A fresh copy each call.
    /// </summary>
    public System.Text.Json.Nodes.JsonObject Bundle() =>
        Channel == ChannelKind.Taxii && IsWork
            ? System.Text.Json.Nodes.JsonNode.Parse(Payload.Span)!.AsObject()
            : throw new InvalidOperationException($"Outbox entry {Key} is not TAXII work.");

    /// <summary>The unsealed e-mail an e-mail work entry holds.</summary>
    internal Email.MailDraft Draft() =>
        Channel == ChannelKind.Email && IsWork
            ? Email.MailDraft.FromBytes(Payload.Span)
            : throw new InvalidOperationException($"Outbox entry {Key} is not e-mail work.");

    public bool Equals(OutboxEntry? other) =>
        other is not null && Key == other.Key && CaseId == other.CaseId && ShareId == other.ShareId && RecipientId == other.RecipientId
        && Channel == other.Channel && Destination == other.Destination && Payload.Span.SequenceEqual(other.Payload.Span)
        && EnqueuedAt == other.EnqueuedAt && State == other.State && Attempts == other.Attempts && NextAttemptAt == other.NextAttemptAt
        && SentAt == other.SentAt && LastError == other.LastError && IsWork == other.IsWork;

    public override int GetHashCode() => HashCode.Combine(Key, State, Attempts);
}
