using Grondslag.Delivery.Email;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;

namespace Grondslag.Delivery.Outbox;

/// <summary>When to try again: exponential backoff from <see cref="First"/>, capped at <see cref="Max"/>, for at most <see cref="MaxAttempts"/> attempts.</summary>
public sealed record RetryPolicy(TimeSpan First, TimeSpan Max, int MaxAttempts)
{
    public static RetryPolicy Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 50);

    /// <summary>The wait after the given number of failed attempts (1 → <see cref="First"/>, 2 → twice that …).</summary>
    public TimeSpan After(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = Math.Min((double)First.Ticks * Math.Pow(2, exponent), Max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>What one pass over the outbox did.</summary>
public sealed record OutboxPass(int Sent, int Failed, int GaveUp);

/// <summary>
/// Delivers released shares durably: <see cref="Enqueue"/> composes the finished message and stores it under
/// the idempotency key (share, channel), so a share is queued — and sent — once; <see cref="DeliverDueAsync"/>
/// sends what is due and schedules failures with exponential backoff. Everything lives in the store, so a
/// new outbox over the same store (after a restart) carries on where the old one stopped.
/// </summary>
/// <remarks>
/// The one window that is not exactly-once: a crash after the server accepted a message and before the store
/// recorded it. Then the message is sent again with the same Message-Id, which receiving systems deduplicate on.
/// </remarks>
public sealed class ShareOutbox(IOutboxStore store, ShareMailComposer composer, IMailTransport transport, TimeProvider time, RetryPolicy retry)
{
    /// <summary>Queues a released share for e-mail delivery; returns the existing entry when it was queued before.</summary>
    public OutboxEntry Enqueue(ReleasedShare share)
    {
        var content = DisclosedContent.Of(share);
        return Add(content, OutboxEntry.KeyOf(content.ShareId, ChannelKind.Email), () => composer.Compose(share));
    }

    /// <summary>Queues the deletion request for a withdrawn share (once, like the share itself).</summary>
    public OutboxEntry EnqueueRevocation(ShareWithdrawal withdrawal, DateTimeOffset revokedAt, string reason)
    {
        var content = DisclosedContent.Of(withdrawal);
        return Add(content, OutboxEntry.KeyOf(content.ShareId, ChannelKind.Email) + "/revocation", () => composer.ComposeRevocation(withdrawal, revokedAt, reason));
    }

    private OutboxEntry Add(DisclosedContent share, string key, Func<OutboundMail> compose)
    {
        if (store.Find(key) is { } existing)
        {
            return existing;
        }

        var mail = compose();
        var now = time.GetUtcNow();
        var entry = new OutboxEntry(key, share.CaseId, share.ShareId, share.Recipient.Id, ChannelKind.Email,
            mail.Destination, mail.Bytes, now, OutboxState.Pending, 0, now, null, null);
        return store.TryAdd(entry) ? entry : store.Find(key)!;
    }

    /// <summary>The entries still to be delivered, with their attempts and last error.</summary>
    public IReadOnlyList<OutboxEntry> Pending => [.. store.All().Where(e => e.State == OutboxState.Pending)];

    /// <summary>Sends every pending entry whose time has come, once each.</summary>
    public async Task<OutboxPass> DeliverDueAsync(CancellationToken cancellationToken)
    {
        int sent = 0, failed = 0, gaveUp = 0;
        foreach (var entry in store.All())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.State != OutboxState.Pending || entry.NextAttemptAt > time.GetUtcNow())
            {
                continue;
            }

            try
            {
                await transport.SendAsync(new OutboundMail(entry.Payload, entry.Destination), cancellationToken).ConfigureAwait(false);
                store.Update(entry with { State = OutboxState.Sent, Attempts = entry.Attempts + 1, SentAt = time.GetUtcNow(), LastError = null });
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var attempts = entry.Attempts + 1;
                var giveUp = attempts >= retry.MaxAttempts;
                store.Update(entry with
                {
                    State = giveUp ? OutboxState.GaveUp : OutboxState.Pending,
                    Attempts = attempts,
                    NextAttemptAt = time.GetUtcNow() + retry.After(attempts),
                    LastError = $"{ex.GetType().Name}: {ex.Message}",
                });
                if (giveUp)
                {
                    gaveUp++;
                }
                else
                {
                    failed++;
                }
            }
        }

        return new OutboxPass(sent, failed, gaveUp);
    }

    /// <summary>Delivers until cancelled, sleeping (on the injected clock) until the next entry is due.</summary>
    public async Task RunAsync(TimeSpan idlePoll, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await DeliverDueAsync(cancellationToken).ConfigureAwait(false);
            var next = Pending.Select(e => e.NextAttemptAt).DefaultIfEmpty(time.GetUtcNow() + idlePoll).Min();
            var wait = next - time.GetUtcNow();
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > idlePoll ? idlePoll : wait;
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
