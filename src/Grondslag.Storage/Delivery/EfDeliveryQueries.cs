using System.Text.Json.Nodes;
using Grondslag.Application.Delivery;
using Grondslag.Delivery.Taxii;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Delivery;

/// <summary><see cref="IDeliveryQueries"/> on the recorded delivery steps (no tracking, ordered in the database).</summary>
public sealed class EfDeliveryQueries(GrondslagDbContext db) : IDeliveryQueries
{
    public Task<IReadOnlyList<DeliveryStep>> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        ReadAsync(db.Set<ShareDeliveryRow>().Where(r => r.CaseId == caseId), cancellationToken);

    public Task<IReadOnlyList<DeliveryStep>> ForShareAsync(string shareId, CancellationToken cancellationToken = default) =>
        ReadAsync(db.Set<ShareDeliveryRow>().Where(r => r.ShareId == shareId), cancellationToken);

    public async Task<ShareDeliveries?> OfShareAsync(string caseId, string shareId, CancellationToken cancellationToken = default)
    {
        var share = await db.Set<ShareRow>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == shareId && s.CaseId == caseId, cancellationToken).ConfigureAwait(false);
        if (share is null)
        {
            return null;
        }

        var rows = await db.Set<ShareDeliveryRow>().AsNoTracking().Where(d => d.ShareId == shareId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var outbox = (await db.Set<OutboxRow>().AsNoTracking().Where(o => o.ShareId == shareId)
                .Select(o => new OutboxRow { Key = o.Key, Channel = o.Channel, Kind = o.Kind, State = o.State, Attempts = o.Attempts, NextAttemptAt = o.NextAttemptAt, SentAt = o.SentAt, LastError = o.LastError, Detail = o.Detail })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => o.Key, StringComparer.Ordinal);
        var channels = outbox.Values.OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Channel, StringComparer.Ordinal)
            .Select(o => new ChannelStateView(o.Channel.ToLowerInvariant(), o.Kind, StateOf(o.State), o.Attempts, o.Detail ?? o.LastError, o.SentAt))
            .ToArray();
        var collection = TaxiiCollections.IdOf(share.PartyId);
        var pulls = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == "taxii.pull" && a.Subject == collection && a.Payload.Contains(shareId))
            .OrderBy(a => a.Index).ToListAsync(cancellationToken).ConfigureAwait(false);
        var receipts = pulls.Select(a =>
        {
            var payload = JsonNode.Parse(a.Payload)!;
            return new ReceiptView(a.Index, a.At, a.Actor, (string?)payload["endpoint"] ?? "", (int?)payload["count"] ?? 0);
        }).ToArray();
        var deliveries = rows.OrderBy(r => r.RecordedAt).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Channel, StringComparer.Ordinal)
            .Select(r => new DeliveryView(r.Id, r.Channel, r.Kind, r.Status, r.Detail, r.Reference, r.Objects, r.RecordedBy, r.RecordedAt,
                r.Channel == "email" && outbox.TryGetValue(r.Reference, out var o) ? new OutboxView(o.State, o.Attempts, o.NextAttemptAt, o.SentAt, o.LastError) : null))
            .ToArray();
        return new ShareDeliveries(caseId, shareId, channels, deliveries, receipts);
    }

    public async Task<IReadOnlyDictionary<string, ChannelStateView[]>> ChannelStatesAsync(IReadOnlyCollection<string> shareIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shareIds);
        if (shareIds.Count == 0)
        {
            return new Dictionary<string, ChannelStateView[]>(StringComparer.Ordinal);
        }

        var ids = shareIds.Distinct(StringComparer.Ordinal).ToArray();
        var rows = await db.Set<OutboxRow>().AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.ShareId))
            .Select(o => new { o.ShareId, o.Channel, o.Kind, o.State, o.Attempts, o.LastError, o.Detail, o.SentAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(o => o.ShareId, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Channel, StringComparer.Ordinal)
                .Select(o => new ChannelStateView(o.Channel.ToLowerInvariant(), o.Kind, StateOf(o.State), o.Attempts, o.Detail ?? o.LastError, o.SentAt)).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>The outbox state as the API says it.</summary>
    private static string StateOf(string outboxState) => outboxState switch
    {
        "Sent" => "delivered",
        "GaveUp" => "failed",
        _ => "pending",
    };

    private static async Task<IReadOnlyList<DeliveryStep>> ReadAsync(IQueryable<ShareDeliveryRow> rows, CancellationToken cancellationToken)
    {
        // SQLite cannot order by a DateTimeOffset column: order after reading (a share has a handful of steps).
        var read = await rows.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. read.OrderBy(r => r.RecordedAt).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Channel, StringComparer.Ordinal)
            .Select(r => new DeliveryStep(r.Id, r.CaseId, r.ShareId, r.PartyId, r.Channel, r.Kind, r.Status, r.Detail, r.Reference, r.Objects, r.RecordedBy, r.RecordedAt))];
    }
}
