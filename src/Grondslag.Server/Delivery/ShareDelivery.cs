using Grondslag.Application.Delivery;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Outbox;
using Grondslag.Domain.Disclosure;
using Grondslag.Domain.Parties;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Delivery;

/// <summary>
/// The release's side of delivery on the scoped <see cref="GrondslagDbContext"/>: inside the release (or withdrawal)
/// transaction it only stages the outbox work — one row per channel, made by <see cref="ChannelWork"/> from the
/// gate-made share and written with the release's own changes — and after the commit it runs that share's steps at
/// once (<see cref="IDeliverShares"/>, in a scope of its own). A row this node cannot finish stays for any node's
/// <see cref="DeliveryWorker"/>: the rows are due a lease period after the release, so the releasing node goes first.
/// </summary>
internal sealed partial class ShareDelivery(GrondslagDbContext db, TimeProvider time, DeliverySettings settings, IServiceScopeFactory scopes, ILogger<ShareDelivery> logger) : IShareDelivery
{
    public void Stage(ReleasedShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        var now = time.GetUtcNow();
        foreach (var entry in ChannelWork.Of(share, settings.Sender, now, now + settings.Lease, MailNotPossible(share.Recipient)))
        {
            EfOutboxStore.Stage(db, entry);
        }
    }

    public void StageWithdrawal(ShareWithdrawal withdrawal, DateTimeOffset withdrawnAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(withdrawal);
        var now = time.GetUtcNow();
        foreach (var entry in ChannelWork.Of(withdrawal, withdrawnAt, reason, settings.Sender, now, now + settings.Lease, MailNotPossible(withdrawal.Recipient)))
        {
            EfOutboxStore.Stage(db, entry);
        }
    }

    public Task<bool> IsWithdrawnAsync(string shareId, CancellationToken cancellationToken)
    {
        var key = OutboxEntry.RevocationKeyOf(shareId, ChannelKind.Taxii);
        return db.Set<OutboxRow>().AnyAsync(o => o.Key == key, cancellationToken);
    }

    public async Task AfterCommitAsync(string shareId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IDeliverShares>().RunAsync(shareId, ChannelWork.Channels.Count * 2, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The release stands (it committed); its outbox rows wait for the next worker pass on any node.
            LogAfterCommitFailed(logger, shareId, ex);
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
