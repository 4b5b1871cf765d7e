using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;
using Grondslag.Server.Taxii;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Delivery;

/// <summary>
/// Delivers a released (or withdrawn) share on the scoped <see cref="GrondslagDbContext"/>, inside the use case's
/// transaction: its STIX objects into the recipient's TAXII collection, its e-mail into the database outbox —
/// or, when e-mail is not possible (no OpenPGP key, no keyring), a delivery record that says why. Each step is
/// a <c>share_deliveries</c> row and an audit record.
/// </summary>
internal sealed class ShareDelivery(GrondslagDbContext db, TimeProvider time, IIdGenerator ids, DeliverySettings settings) : IShareDelivery
{
    private const string Release = "release";
    private const string Withdrawal = "withdrawal";

    public async Task<IReadOnlyList<AuditRecord>> DeliverAsync(ReleasedShare share, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var about = new Delivered(share.CaseId, share.ShareId, share.Recipient);
        var published = await TaxiiCollections.PublishAsync(db, new StixBundleWriter(settings.Sender), share, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var records = new List<AuditRecord>
        {
            Published(about, published, Release, "delivery.taxii-publish", actor),
            Mail(about, Release, outbox => outbox.Enqueue(share), actor),
        };
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return records;
    }

    public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken) =>
        db.Set<ShareDeliveryRow>().AnyAsync(d => d.ShareId == shareId && d.Kind == Withdrawal, cancellationToken);

    public async Task<IReadOnlyList<AuditRecord>> WithdrawAsync(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        var about = new Delivered(withdrawal.CaseId, withdrawal.ShareId, withdrawal.Recipient);
        var revoked = await TaxiiCollections.RevokeAsync(db, new StixBundleWriter(settings.Sender), withdrawal, withdrawnAt, reason, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var records = new List<AuditRecord>
        {
            Published(about, revoked, Withdrawal, "delivery.taxii-revoke", actor),
            Mail(about, Withdrawal, outbox => outbox.EnqueueRevocation(withdrawal, withdrawnAt, reason), actor),
        };
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return records;
    }

    private AuditRecord Published(Delivered share, TaxiiPublication publication, string kind, string action, Actor actor)
    {
        var collection = TaxiiCollections.IdOf(share.Recipient.Id);
        var added = publication.Added;
        Record(share, ChannelKind.Taxii, kind, "published", $"{added.Count} STIX object version(s) added to the TAXII collection of {share.Recipient.Id}.", collection, added.Count, actor);
        return new AuditRecord(action, actor.Name, actor.Role.ToWire(), share.CaseId, share.ShareId, new JsonObject
        {
            ["party"] = share.Recipient.Id,
            ["collection"] = collection,
            ["bundle"] = publication.BundleId,
            ["objects"] = added.Count,
        });
    }

    private AuditRecord Mail(Delivered share, string kind, Func<ShareOutbox, OutboxEntry> enqueue, Actor actor)
    {
        var (status, detail, key) = TryEnqueue(share, enqueue);
        Record(share, ChannelKind.Email, kind, status, detail, key, 0, actor);
        var action = (kind, status) switch
        {
            (Release, "queued") => "delivery.email-queued",
            (Withdrawal, "queued") => "delivery.email-withdrawal-queued",
            _ => "delivery.email-not-possible",
        };
        return new AuditRecord(action, actor.Name, actor.Role.ToWire(), share.CaseId, share.ShareId, new JsonObject
        {
            ["party"] = share.Recipient.Id,
            ["kind"] = kind,
            ["status"] = status,
            ["detail"] = detail,
            ["outboxKey"] = key.Length > 0 ? key : null,
        });
    }

    private (string Status, string Detail, string Key) TryEnqueue(Delivered share, Func<ShareOutbox, OutboxEntry> enqueue)
    {
        var channel = share.Recipient.Channels.FirstOrDefault(c => c.Kind == ChannelKind.Email);
        if (channel is null)
        {
            return ("not-possible", "e-mail not possible: the party has no e-mail channel in the registry", "");
        }

        // The registry's placeholders ("PLACEHOLDER", empty) are no key: a fingerprint is 40 (v4) or 64 (v5/v6) hex digits.
        var fingerprint = OpenPgpKeyring.NormaliseFingerprint(channel.OpenPgpFingerprint);
        if (fingerprint.Length is not (40 or 64) || !fingerprint.All(char.IsAsciiHexDigit))
        {
            return ("not-possible", "e-mail not possible: no OpenPGP key", "");
        }

        if (!settings.CanCompose)
        {
            return ("not-possible", $"e-mail not possible: no OpenPGP keyring or signing key configured ({DeliverySettings.Keyring}, {DeliverySettings.SigningKey})", "");
        }

        using var keyring = new OpenPgpKeyring(settings.KeyringDirectory!, settings.KeyringPassphrase);
        var outbox = new ShareOutbox(new EfOutboxStore(db), new ShareMailComposer(settings.Sender, keyring, settings.SigningKeyFingerprint, time),
            new EnqueueOnly(), time, RetryPolicy.Default);
        try
        {
            var entry = enqueue(outbox);
            return ("queued", $"queued for {entry.Destination}", entry.Key);
        }
        catch (DeliveryException ex)
        {
            return ("not-possible", "e-mail not possible: " + ex.Message, "");
        }
    }

    private void Record(Delivered share, ChannelKind channel, string kind, string status, string detail, string reference, int objects, Actor actor) =>
        db.Set<ShareDeliveryRow>().Add(new ShareDeliveryRow
        {
            Id = ids.NewId("delivery"),
            CaseId = share.CaseId,
            ShareId = share.ShareId,
            PartyId = share.Recipient.Id,
            Channel = channel.ToString().ToLowerInvariant(),
            Kind = kind,
            Status = status,
            Detail = detail,
            Reference = reference,
            Objects = objects,
            RecordedBy = actor.Name,
            RecordedAt = time.GetUtcNow(),
        });

    /// <summary>Which share a delivery step is about (from the released share or the withdrawal), for its records.</summary>
    private sealed record Delivered(string CaseId, string ShareId, Party Recipient);

    /// <summary>The release only queues; the background sender sends.</summary>
    private sealed class EnqueueOnly : IMailTransport
    {
        public Task SendAsync(OutboundMail mail, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The release transaction queues mail; the outbox sender sends it.");
    }
}
