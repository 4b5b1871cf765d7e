namespace Grondslag.Application.Delivery;

/// <summary>One recorded delivery step of a share: which channel, release or withdrawal, how it went, and when.</summary>
public sealed record DeliveryStep(
    string Id, string CaseId, string ShareId, string PartyId, string Channel, string Kind, string Status, string Detail, string Reference, int Objects,
    string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Read-only questions about what was delivered; the pages and the API read delivery state through these.</summary>
public interface IDeliveryQueries
{
    /// <summary>Every delivery step of the case's shares, oldest first.</summary>
    Task<IReadOnlyList<DeliveryStep>> ForCaseAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>Every delivery step of one share, oldest first.</summary>
    Task<IReadOnlyList<DeliveryStep>> ForShareAsync(string shareId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where the share's delivery stands per channel, its recorded steps (with the outbox's state of an e-mail) and the
    /// recipient's pulls that included it; null when the case has no such share.
    /// </summary>
    Task<ShareDeliveries?> OfShareAsync(string caseId, string shareId, CancellationToken cancellationToken = default);

    /// <summary>Where each named share's delivery stands per channel (one query; a share without outbox rows is left out).</summary>
    Task<IReadOnlyDictionary<string, ChannelStateView[]>> ChannelStatesAsync(IReadOnlyCollection<string> shareIds, CancellationToken cancellationToken = default);
}

/// <summary>One recorded delivery step, with the outbox's state for an e-mail.</summary>
public sealed record DeliveryView(string Id, string Channel, string Kind, string Status, string Detail, string Reference, int Objects, string RecordedBy, DateTimeOffset RecordedAt, OutboxView? Outbox);

/// <summary>Where a queued e-mail stands.</summary>
public sealed record OutboxView(string State, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

/// <summary>A recipient's pull that included this share: the audit log's receipt.</summary>
public sealed record ReceiptView(long AuditIndex, DateTimeOffset At, string Party, string Endpoint, int Count);

/// <summary>
/// Where a share's delivery stands on one channel (one outbox row): <c>pending</c> (recorded, not yet done — it will be
/// tried again), <c>delivered</c>, or <c>failed</c> (not possible, or given up; the detail says why).
/// </summary>
public sealed record ChannelStateView(string Channel, string Kind, string State, int Attempts, string? Detail, DateTimeOffset? DeliveredAt);

/// <summary>A share's delivery state per channel, its recorded delivery steps, and its receipts.</summary>
public sealed record ShareDeliveries(string CaseId, string ShareId, ChannelStateView[] Channels, DeliveryView[] Deliveries, ReceiptView[] Receipts);
