using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Application.Review;
using Grondslag.Domain.Notifications;

namespace Grondslag.Application.Notifications;

/// <summary>How far one notice got. A notice is claimed before it is sent, so a restart never sends it twice (see <see cref="NotifyStaff"/>).</summary>
public enum NoticeState
{
    /// <summary>Claimed; not (yet) handed to the mail server. Retried at the next pass until sent or given up.</summary>
    Pending,

    Sent,

    /// <summary>The account has no e-mail address: recorded once, never retried.</summary>
    NoAddress,

    GaveUp,
}

/// <summary>A recorded notice.</summary>
public sealed record NoticeEntry(string Key, NoticeState State, int Attempts);

/// <summary>The record of notices: each key exactly once (implemented in Grondslag.Storage).</summary>
public interface INoticeLedger
{
    /// <summary>Every recorded notice whose key is among <paramref name="keys"/>.</summary>
    Task<IReadOnlyDictionary<string, NoticeEntry>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Records the notice as <paramref name="state"/> if its key is new; false when it was already recorded (e.g. by another node).</summary>
    Task<bool> TryClaimAsync(DueNotice notice, NoticeState state, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records an attempt's result for a claimed notice.</summary>
    Task MarkAsync(string key, NoticeState state, string? error, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The accounts notices go to (the server reads them from its accounts).</summary>
public interface IStaffDirectory
{
    Task<IReadOnlyList<StaffAccount>> AccountsAsync(CancellationToken cancellationToken);
}

/// <summary>Composes and sends one staff notice by e-mail in the account's language.</summary>
public interface IStaffMail
{
    Task SendAsync(DueNotice notice, StaffAccount to, CancellationToken cancellationToken);
}

/// <summary>What one pass did.</summary>
public sealed record NoticeRun(int Sent, int WithoutAddress, int Failed);

/// <summary>
/// One pass of staff notifications: which notices are due (<see cref="StaffNotices.Due"/>), minus those already
/// recorded; each new one is claimed in the ledger and audited (<c>notification.queue</c>) before it is sent, then
/// marked sent (<c>notification.sent</c>). A failed send stays pending and is retried at the next pass, at most
/// <see cref="MaxAttempts"/> times (<c>notification.gave-up</c>). A crash between the hand-over to the mail server and
/// the mark leaves the one window in which a notice can be sent twice. An account without an address is recorded
/// (<c>notification.no-address</c>) once.
/// </summary>
public sealed class NotifyStaff(ICaseStore store, IBreachRegister breaches, IStaffDirectory directory, INoticeLedger ledger, IStaffMail mail, IAuditTrail audit, TimeProvider clock)
{
    public const int MaxAttempts = 5;

    public async Task<NoticeRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var work = new List<CaseWork>();
        IReadOnlyList<BreachVersion> open;
        await using (var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var file in await tx.ListCasesAsync(cancellationToken).ConfigureAwait(false))
            {
                work.Add(new CaseWork(file, [.. await tx.SharesAsync(file.Id, cancellationToken).ConfigureAwait(false)]));
            }

            open = await breaches.LatestAsync(cancellationToken).ConfigureAwait(false);
        }

        var accounts = (await directory.AccountsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.UserName, StringComparer.Ordinal);
        var due = StaffNotices.Due(now, work, open.Select(b => b.Record), accounts.Values);
        var known = await ledger.FindAsync([.. due.Select(d => d.Key)], cancellationToken).ConfigureAwait(false);
        int sent = 0, without = 0, failed = 0;
        foreach (var notice in due)
        {
            var entry = known.GetValueOrDefault(notice.Key);
            if (entry is { State: not NoticeState.Pending } || !accounts.TryGetValue(notice.Recipient, out var account))
            {
                continue;
            }

            if (entry is null)
            {
                var state = string.IsNullOrWhiteSpace(account.Email) ? NoticeState.NoAddress : NoticeState.Pending;
                if (!await ledger.TryClaimAsync(notice, state, now, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                await AuditAsync(state == NoticeState.NoAddress ? "notification.no-address" : "notification.queue", notice, null, cancellationToken).ConfigureAwait(false);
                if (state == NoticeState.NoAddress)
                {
                    without++;
                    continue;
                }
            }

            try
            {
                await mail.SendAsync(notice, account, cancellationToken).ConfigureAwait(false);
                await ledger.MarkAsync(notice.Key, NoticeState.Sent, null, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                await AuditAsync("notification.sent", notice, null, cancellationToken).ConfigureAwait(false);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                var attempts = (entry?.Attempts ?? 0) + 1;
                var state = attempts >= MaxAttempts ? NoticeState.GaveUp : NoticeState.Pending;
                await ledger.MarkAsync(notice.Key, state, ex.Message, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (state == NoticeState.GaveUp)
                {
                    await AuditAsync("notification.gave-up", notice, ex.Message, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new NoticeRun(sent, without, failed);
    }

    private async Task AuditAsync(string action, DueNotice notice, string? error, CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(new AuditRecord(action, "system", "system", notice.CaseId, notice.Subject, new JsonObject
        {
            ["kind"] = notice.Kind.ToWire(),
            ["recipient"] = notice.Recipient,
            ["key"] = notice.Key,
            ["error"] = error,
        }), cancellationToken).ConfigureAwait(false);
        await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
