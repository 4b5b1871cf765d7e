using System.Text.Json.Nodes;
using Grondslag.Application.Delivery;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Taxii;
using Grondslag.Domain.Parties;

namespace Grondslag.Server.Delivery;

/// <summary>
/// The channels behind <see cref="IDeliveryChannels"/>: TAXII publication (parse outside, insert in the step's
/// transaction) and e-mail (OpenPGP sealing and the SMTP conversation outside every transaction; the step's
/// transaction only records that it was sent). Each reads its work from the claimed outbox row.
/// </summary>
internal sealed class DeliveryChannels(IOutboxWork outbox, ITaxiiPublisher taxii, DeliverySettings settings, TimeProvider time, IMailTransport? transport = null) : IDeliveryChannels
{
    public async Task<IChannelStep> PrepareAsync(DeliveryClaim claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var entry = await outbox.FindAsync(claim.Key, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Outbox entry {claim.Key} is gone.");
        return entry.Channel switch
        {
            ChannelKind.Taxii => new TaxiiStep(taxii, TaxiiWork.Of(entry), time),
            ChannelKind.Email => await MailAsync(entry, cancellationToken).ConfigureAwait(false),
            ChannelKind.Misp => throw new InvalidOperationException($"Outbox entry {claim.Key}: MISP is not an outbox channel."),
        };
    }

    private async Task<IChannelStep> MailAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var kind = entry.IsRevocation ? "withdrawal" : "release";
        if (entry.NotPossibleReason is { } reason)
        {
            return Done(NotPossible(entry, kind, reason));
        }

        var revocation = OutboxEntry.RevocationKeyOf(entry.ShareId, ChannelKind.Email);
        if (!entry.IsRevocation && await outbox.ExistsAsync(revocation, cancellationToken).ConfigureAwait(false))
        {
            return Done(NotPossible(entry, kind, "e-mail not possible: the share was withdrawn before it was sent"));
        }

        var sender = transport ?? (settings.Smtp is { } smtp ? new SmtpMailTransport(smtp) : null);
        if (sender is null || !settings.CanCompose)
        {
            return Done(new ChannelResult(DeliveryStatus.Pending, "waiting in the outbox: no SMTP server configured", entry.Key, 0, null, Attempted: false));
        }

        OutboundMail mail;
        try
        {
            using var keyring = new OpenPgpKeyring(settings.KeyringDirectory!, settings.KeyringPassphrase);
            mail = new ShareMailComposer(settings.Sender, keyring, settings.SigningKeyFingerprint, time).Seal(entry);
        }
        catch (DeliveryException ex)
        {
            return Done(NotPossible(entry, kind, "e-mail not possible: " + ex.Message));
        }

        // Sent before the step's transaction: a crash after the server accepted the message and before the commit
        // sends it again when the lease expires (same Message-Id) — at-least-once at the SMTP boundary.
        await sender.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        return Done(new ChannelResult(DeliveryStatus.Delivered, $"sent to {mail.Destination}", entry.Key, 0,
            (entry.IsRevocation ? "delivery.email-withdrawal-sent" : "delivery.email-sent", new JsonObject
            {
                ["party"] = entry.RecipientId,
                ["kind"] = kind,
                ["outboxKey"] = entry.Key,
                ["destination"] = mail.Destination,
            })));
    }

    private static ChannelResult NotPossible(OutboxEntry entry, string kind, string detail) =>
        new(DeliveryStatus.Failed, detail, entry.Key, 0, ("delivery.email-not-possible", new JsonObject
        {
            ["party"] = entry.RecipientId,
            ["kind"] = kind,
            ["status"] = "not-possible",
            ["detail"] = detail,
            ["outboxKey"] = entry.Key,
        }));

    private static DoneStep Done(ChannelResult result) => new(result);

    /// <summary>A step whose work is already done (or decided) outside the transaction.</summary>
    private sealed class DoneStep(ChannelResult result) : IChannelStep
    {
        public Task<ChannelResult> WriteAsync(CancellationToken cancellationToken) => Task.FromResult(result);
    }

    /// <summary>The TAXII publication (or revocation) inside the step's transaction, under the publication lock.</summary>
    private sealed class TaxiiStep(ITaxiiPublisher taxii, TaxiiWork work, TimeProvider time) : IChannelStep
    {
        public async Task<ChannelResult> WriteAsync(CancellationToken cancellationToken)
        {
            var collection = TaxiiCollections.IdOf(work.RecipientId);
            var published = work.IsRevocation
                ? await taxii.RevokeAsync(work, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
                : await taxii.PublishAsync(work, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (published is null)
            {
                return new ChannelResult(DeliveryStatus.Failed, "not published: the share was withdrawn before it was published", collection, 0,
                    ("delivery.taxii-not-published", new JsonObject { ["party"] = work.RecipientId, ["collection"] = collection, ["reason"] = "withdrawn" }));
            }

            var added = published.Added.Count;
            return new ChannelResult(DeliveryStatus.Delivered, $"{added} STIX object version(s) added to the TAXII collection of {work.RecipientId}.", collection, added,
                (work.IsRevocation ? "delivery.taxii-revoke" : "delivery.taxii-publish", new JsonObject
                {
                    ["party"] = work.RecipientId,
                    ["collection"] = collection,
                    ["bundle"] = published.BundleId,
                    ["objects"] = added,
                }));
        }
    }
}
