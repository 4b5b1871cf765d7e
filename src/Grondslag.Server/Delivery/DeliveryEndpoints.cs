using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Grondslag.Server.Taxii;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Delivery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Delivery;

/// <summary>Withdraw a released share: why (the recipient reads it in the deletion request).</summary>
public sealed record WithdrawBody(string? Reason);

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

/// <summary>Delivery status per share (internal roles) and withdrawal.</summary>
internal static class DeliveryEndpoints
{
    private static readonly Role[] Readers = [Role.Analyst, Role.DutyOfficer, Role.LegalAdviser, Role.NctvAdviser, Role.DecisionMaker, Role.Auditor];

    public static void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("delivery");
        cases.MapGet("/{caseId}/shares/{shareId}/deliveries", DeliveriesAsync).Roles(Readers);
        cases.MapPost("/{caseId}/shares/{shareId}/withdraw", WithdrawAsync).Roles(Role.DutyOfficer, Role.DecisionMaker);
    }

    private static async Task<Results<Ok<ShareDeliveries>, ProblemHttpResult>> DeliveriesAsync(string caseId, string shareId, GrondslagDbContext db, CancellationToken ct)
    {
        var share = await db.Set<ShareRow>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == shareId && s.CaseId == caseId, ct).ConfigureAwait(false);
        if (share is null)
        {
            return Problems.NotFound($"Case '{caseId}' has no share '{shareId}'.");
        }

        var rows = await db.Set<ShareDeliveryRow>().AsNoTracking().Where(d => d.ShareId == shareId).ToListAsync(ct).ConfigureAwait(false);
        var outbox = (await db.Set<OutboxRow>().AsNoTracking().Where(o => o.ShareId == shareId)
                .Select(o => new OutboxRow { Key = o.Key, Channel = o.Channel, Kind = o.Kind, State = o.State, Attempts = o.Attempts, NextAttemptAt = o.NextAttemptAt, SentAt = o.SentAt, LastError = o.LastError, Detail = o.Detail })
                .ToListAsync(ct).ConfigureAwait(false))
            .ToDictionary(o => o.Key, StringComparer.Ordinal);
        var channels = outbox.Values.OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Channel, StringComparer.Ordinal)
            .Select(o => new ChannelStateView(o.Channel.ToLowerInvariant(), o.Kind, StateOf(o.State), o.Attempts, o.Detail ?? o.LastError, o.SentAt))
            .ToArray();
        var collection = TaxiiCollections.IdOf(share.PartyId);
        var pulls = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == "taxii.pull" && a.Subject == collection && a.Payload.Contains(shareId))
            .OrderBy(a => a.Index).ToListAsync(ct).ConfigureAwait(false);
        var receipts = pulls.Select(a =>
        {
            var payload = JsonNode.Parse(a.Payload)!;
            return new ReceiptView(a.Index, a.At, a.Actor, (string?)payload["endpoint"] ?? "", (int?)payload["count"] ?? 0);
        }).ToArray();
        var deliveries = rows.OrderBy(r => r.RecordedAt).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Channel, StringComparer.Ordinal)
            .Select(r => new DeliveryView(r.Id, r.Channel, r.Kind, r.Status, r.Detail, r.Reference, r.Objects, r.RecordedBy, r.RecordedAt,
                r.Channel == "email" && outbox.TryGetValue(r.Reference, out var o) ? new OutboxView(o.State, o.Attempts, o.NextAttemptAt, o.SentAt, o.LastError) : null))
            .ToArray();
        return TypedResults.Ok(new ShareDeliveries(caseId, shareId, channels, deliveries, receipts));
    }

    /// <summary>The outbox state as the API says it.</summary>
    public static string StateOf(string outboxState) => outboxState switch
    {
        "Sent" => "delivered",
        "GaveUp" => "failed",
        _ => "pending",
    };

    private static async Task<Results<Ok<StoredWithdrawal>, ProblemHttpResult>> WithdrawAsync(
        string caseId, string shareId, WithdrawBody body, ClaimsPrincipal user, IWithdraw useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, shareId, body.Reason ?? "", Actors.Of(user, Role.DutyOfficer, Role.DecisionMaker), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(outcome.Value);
    }
}
