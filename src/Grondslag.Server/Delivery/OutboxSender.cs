using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Delivery.Email;
using Grondslag.Delivery.Outbox;
using Grondslag.Storage;
using Grondslag.Storage.Delivery;

namespace Grondslag.Server.Delivery;

/// <summary>
/// Sends the database outbox in the background (when SMTP and a keyring are configured): due entries once each,
/// failures retried with backoff; a send or a give-up is audited. Several nodes may run it: an entry is marked
/// sent under optimistic concurrency, and the remaining double-send window is documented on <see cref="ShareOutbox"/>.
/// </summary>
internal sealed partial class OutboxSender(IServiceScopeFactory scopes, StorageOptions storage, DeliverySettings settings, TimeProvider time, ILogger<OutboxSender> logger)
    : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Smtp is null || !settings.CanCompose)
        {
            LogDisabled(logger);
            return;
        }

        var store = new EfOutboxStore(storage);
        using var keyring = new OpenPgpKeyring(settings.KeyringDirectory!, settings.KeyringPassphrase);
        var outbox = new ShareOutbox(store, new ShareMailComposer(settings.Sender, keyring, settings.SigningKeyFingerprint, time),
            new SmtpMailTransport(settings.Smtp), time, RetryPolicy.Default);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var before = store.All().Where(e => e.State == OutboxState.Pending).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
                await outbox.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                var done = store.All().Where(e => before.Contains(e.Key) && e.State != OutboxState.Pending).ToList();
                if (done.Count > 0)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var audit = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
                    foreach (var entry in done)
                    {
                        await audit.AppendAsync(new AuditRecord(entry.State == OutboxState.Sent ? "delivery.email-sent" : "delivery.email-gave-up",
                            "system", "system", entry.CaseId, entry.ShareId, new JsonObject
                            {
                                ["party"] = entry.RecipientId,
                                ["outboxKey"] = entry.Key,
                                ["attempts"] = entry.Attempts,
                                ["lastError"] = entry.LastError,
                            }), stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex);
            }

            await Task.Delay(Poll, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox sender not started: configure SMTP and an OpenPGP keyring to send e-mail.")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox pass failed; retrying at the next poll.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
