using System.Data.Common;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Grondslag.Storage.Delivery;

/// <summary>
/// The outbox across nodes, on the Grondslag database. A claim is one statement in a short transaction of its own: on
/// PostgreSQL the candidates are locked with <c>FOR UPDATE SKIP LOCKED</c> (two nodes never wait on, nor take, the same
/// row); on SQLite — one writer at a time — the same conditional update, without the lock clause. Each claimed row
/// gets a lease (a fresh token and an expiry); a node that dies while holding one simply lets it expire, and any node
/// claims it again. A step is completed only while its token still holds the row (else the caller rolls back), so a
/// share is published once per channel even when a slow node and its successor both ran the step.
/// </summary>
public sealed class EfDeliveryOutbox(GrondslagDbContext db, TimeProvider time, IIdGenerator ids, TimeSpan lease) : IDeliveryOutbox
{
    private const string Returning = "RETURNING \"Key\", \"CaseId\", \"ShareId\", \"RecipientId\", \"Channel\", \"Kind\", \"Attempts\"";

    public async Task<IReadOnlyList<DeliveryClaim>> ClaimAsync(string? shareId, int max, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var token = ids.NewId("lease");
        var which = shareId is null ? "\"DueAt\" <= @now" : "\"ShareId\" = @share";
        var skipLocked = db.Database.IsNpgsql() ? " FOR UPDATE SKIP LOCKED" : "";
        var sql = "UPDATE outbox SET \"LeaseOwner\" = @token, \"LeaseUntil\" = @until, \"Version\" = \"Version\" + 1 WHERE \"Key\" IN ("
            + $"SELECT \"Key\" FROM outbox WHERE \"State\" = 'Pending' AND \"IsWork\" AND \"LeaseUntil\" < @now AND {which} ORDER BY \"DueAt\", \"Key\" LIMIT @max{skipLocked}) "
            + Returning;

        var claims = new List<DeliveryClaim>();
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = sql;
            Add(command, "@token", token);
            Add(command, "@until", now + (long)lease.TotalMilliseconds);
            Add(command, "@now", now);
            Add(command, "@max", max);
            if (shareId is not null)
            {
                Add(command, "@share", shareId);
            }

            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    claims.Add(new DeliveryClaim(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                        reader.GetString(4).ToLowerInvariant(), reader.GetString(5), reader.GetInt32(6), token));
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Channels in their fixed order (TAXII before e-mail), then by key.
        return [.. claims.OrderBy(c => c.ShareId, StringComparer.Ordinal).ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Channel == "taxii" ? 0 : 1).ThenBy(c => c.Key, StringComparer.Ordinal)];
    }

    public async Task<bool> CompleteAsync(DeliveryClaim claim, ChannelResult result, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(result);
        var now = time.GetUtcNow();
        var state = result.Status switch
        {
            DeliveryStatus.Pending => "Pending",
            DeliveryStatus.Delivered => "Sent",
            DeliveryStatus.Failed => "GaveUp",
        };
        var attempts = result.Attempted ? claim.Attempts + 1 : claim.Attempts;
        var next = (retryAt ?? now).ToUniversalTime();
        DateTimeOffset? sentAt = result.Status == DeliveryStatus.Delivered ? now.ToUniversalTime() : null;
        string? error = result.Status == DeliveryStatus.Delivered ? null : result.Detail;
        var changed = await db.Set<OutboxRow>()
            .Where(r => r.Key == claim.Key && r.LeaseOwner == claim.Lease && r.State == "Pending")
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, state)
                .SetProperty(r => r.Attempts, attempts)
                .SetProperty(r => r.NextAttemptAt, next)
                .SetProperty(r => r.DueAt, next.ToUnixTimeMilliseconds())
                .SetProperty(r => r.SentAt, sentAt)
                .SetProperty(r => r.LastError, error)
                .SetProperty(r => r.Detail, result.Detail)
                .SetProperty(r => r.LeaseOwner, (string?)null)
                .SetProperty(r => r.LeaseUntil, 0L)
                .SetProperty(r => r.Version, r => r.Version + 1), cancellationToken)
            .ConfigureAwait(false);
        if (changed != 1)
        {
            return false;
        }

        if (result.Status != DeliveryStatus.Pending)
        {
            // The step's history row: one per share, channel and kind (the unique index makes a second one fail).
            db.Set<ShareDeliveryRow>().Add(new ShareDeliveryRow
            {
                Id = ids.NewId("delivery"),
                CaseId = claim.CaseId,
                ShareId = claim.ShareId,
                PartyId = claim.PartyId,
                Channel = claim.Channel,
                Kind = claim.Kind,
                Status = StatusWord(claim.Channel, result),
                Detail = result.Detail,
                Reference = result.Reference.Length > 0 ? result.Reference : claim.Key,
                Objects = result.Objects,
                RecordedBy = "system",
                RecordedAt = now,
            });
        }

        return true;
    }

    /// <summary>The history row's word: <c>published</c> (TAXII), <c>sent</c> (e-mail), <c>not-possible</c>, <c>failed</c>.</summary>
    private static string StatusWord(string channel, ChannelResult result) => result.Status switch
    {
        DeliveryStatus.Delivered => channel == "taxii" ? "published" : "sent",
        _ when result.Detail.Contains("not possible", StringComparison.Ordinal) => "not-possible",
        _ => "failed",
    };

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
