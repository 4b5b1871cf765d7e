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
/// One durable delivery: a share on one channel to one recipient, with the finished (encrypted) payload so
/// that every retry sends byte-for-byte the same message. <see cref="Key"/> is the idempotency key.
/// </summary>
public sealed record OutboxEntry(
    string Key,
    string CaseId,
    string ShareId,
    string RecipientId,
    ChannelKind Channel,
    string Destination,
    byte[] Payload,
    DateTimeOffset EnqueuedAt,
    OutboxState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError)
{
    /// <summary>The idempotency key of a share on a channel: one share is delivered at most once per channel.</summary>
    public static string KeyOf(string shareId, ChannelKind channel) => $"{shareId}/{channel.ToString().ToLowerInvariant()}";
}
