using Grondslag.Application.Delivery;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Outbox;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;

namespace Grondslag.Server.Delivery;

/// <summary>
/// The release's side of delivery on the request's outbox (<see cref="IOutboxWork"/>): inside the release (or withdrawal)
/// transaction it only stages the outbox work — one row per channel, made by <see cref="ChannelWork"/> from the
/// gate-made share and written with the release's own changes — and after the commit it runs that share's steps at
/// once (<see cref="IDeliverShares"/>, in a scope of its own). A row this node cannot finish stays for any node's
/// <see cref="DeliveryWorker"/>: the rows are due a lease period after the release, so the releasing node goes first.
/// </summary>
internal sealed partial class ShareDelivery(IOutboxWork outbox, TimeProvider time, DeliverySettings settings, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<ShareDelivery> logger) : IShareDelivery
{
    public void Stage(ReleasedShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        var now = time.GetUtcNow();
        foreach (var entry in ChannelWork.Of(share, settings.Sender, now, now + settings.Lease, MailNotPossible(share.Recipient)))
        {
            outbox.Stage(entry);
        }
    }

    public void StageWithdrawal(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        var now = time.GetUtcNow();
        foreach (var entry in ChannelWork.Of(withdrawal, withdrawnAt, reason, settings.Sender, now, now + settings.Lease, MailNotPossible(withdrawal.Recipient)))
        {
            outbox.Stage(entry);
        }
    }

    public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken)
    {
        var key = OutboxEntry.RevocationKeyOf(shareId, ChannelKind.Taxii);
        return outbox.ExistsAsync(key, cancellationToken);
    }

    public async Task AfterCommitAsync(string shareId, CancellationToken cancellationToken)
    {
        // The steps run on their own (a client that goes away does not stop them); the request waits for them at most
        // InlineWait, so a small release answers with its channels done and a large one answers once it is recorded
        // (its channels then show "pending" until done). What is not done stays in the outbox for any node's worker.
        var run = Task.Run(
            async () =>
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IDeliverShares>().RunAsync(shareId, ChannelWork.Channels.Count * 2, lifetime.ApplicationStopping).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // The release stands (it committed); its outbox rows wait for the next worker pass on any node.
                    LogAfterCommitFailed(logger, shareId, ex);
                }
            },
            CancellationToken.None);
        await Task.WhenAny(run, Task.Delay(settings.InlineWait, cancellationToken)).ConfigureAwait(false);
    }

    public async Task AfterCommitAsync(IReadOnlyList<string> shareIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shareIds);
        // The released shares' steps, one share after another in one task of their own (each share in a scope of its
        // own, as a single release's), started once every release of the act is committed. The request waits for them
        // at most BulkInlineWait (default: not at all); the answer then says per share which channels are still pending.
        var ids = shareIds.ToArray();
        var run = Task.Run(
            async () =>
            {
                foreach (var shareId in ids)
                {
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        await scope.ServiceProvider.GetRequiredService<IDeliverShares>().RunAsync(shareId, ChannelWork.Channels.Count * 2, lifetime.ApplicationStopping).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        LogAfterCommitFailed(logger, shareId, ex);
                        if (lifetime.ApplicationStopping.IsCancellationRequested)
                        {
                            return;
                        }
                    }
                }
            },
            CancellationToken.None);
        if (settings.BulkInlineWait > TimeSpan.Zero)
        {
            await Task.WhenAny(run, Task.Delay(settings.BulkInlineWait, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Why e-mail cannot be sealed for this recipient, known before any work (null when it may be).</summary>
    private string? MailNotPossible(Party recipient)
    {
        var channel = recipient.Channels.FirstOrDefault(c => c.Kind == ChannelKind.Email);
        if (channel is null)
        {
            return "e-mail not possible: the party has no e-mail channel in the registry";
        }

        // The registry's placeholders ("PLACEHOLDER", empty) are no key: a fingerprint is 40 (v4) or 64 (v5/v6) hex digits.
        var fingerprint = OpenPgpKeyring.NormaliseFingerprint(channel.OpenPgpFingerprint);
        if (fingerprint.Length is not (40 or 64) || !fingerprint.All(char.IsAsciiHexDigit))
        {
            return "e-mail not possible: no OpenPGP key";
        }

        return settings.CanCompose
            ? null
            : $"e-mail not possible: no OpenPGP keyring or signing key configured ({DeliverySettings.Keyring}, {DeliverySettings.SigningKey})";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of share {ShareId} after its commit failed; the outbox keeps it for the next pass.")]
    private static partial void LogAfterCommitFailed(ILogger logger, string shareId, Exception exception);
}
