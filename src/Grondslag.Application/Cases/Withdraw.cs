using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Delivery;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Disclosure;

namespace Grondslag.Application.Cases;

/// <summary>What a withdrawal recorded: the share, when, why and by whom.</summary>
public sealed record StoredWithdrawal(string CaseId, string ShareId, string PartyId, string Reason, string WithdrawnBy, DateTimeOffset WithdrawnAt);

/// <summary>
/// Withdraws a released share: its STIX objects are republished revoked and the recipient is asked to delete
/// the information. The package is rebuilt exactly as released by passing the recorded decision through the
/// disclosure gate again at the recorded release instant (a withdrawal needs the released package, and only
/// the gate makes one).
/// </summary>
public interface IWithdraw
{
    Task<Outcome<StoredWithdrawal>> ExecuteAsync(string caseId, string shareId, string reason, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IWithdraw"/>
public sealed class Withdraw(ICaseStore store, IAuditTrail audit, ICommitHook hook, TimeProvider clock, ISharingContext sharing, IShareDelivery delivery) : IWithdraw
{
    public Task<Outcome<StoredWithdrawal>> ExecuteAsync(string caseId, string shareId, string reason, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return CaseAction.RunThenAsync<StoredWithdrawal>(store, audit, hook, "share.withdraw", actor, caseId, shareId, async tx =>
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("reason: say why the share is withdrawn; the recipient reads it in the deletion request.", "reden: zeg waarom de deling wordt ingetrokken; de ontvanger leest het in het verwijderverzoek."));
            }

            if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share)
            {
                return CaseAction.UnknownShare(caseId, shareId);
            }

            var release = (await tx.ReleasesAsync(share.PartyId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.ShareId == shareId);
            if (share.State != ShareState.Released || release is null || share.Decision is not { Outcome: DecisionOutcome.Approved } decision)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Share {shareId} is {share.State.ToWire()}: only a released share can be withdrawn.", $"Deling {shareId} is {Grondslag.Domain.Text.Labels.Of(share.State).Nl.ToLowerInvariant()}: alleen een verstrekte deling kan worden ingetrokken."));
            }

            if (await delivery.IsWithdrawnAsync(shareId, cancellationToken).ConfigureAwait(false))
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Share {shareId} is already withdrawn.", $"Deling {shareId} is al ingetrokken."));
            }

            var built = await ReleaseCandidates.BuildAsync(tx, sharing, caseId, share, decision, null, cancellationToken, forWithdrawal: true).ConfigureAwait(false);
            if (built.Refusal is { } cannot)
            {
                return cannot;
            }

            // The revocation republishes the share's objects with a newer `modified` (STIX 2.1, millisecond precision):
            // a withdrawal in the same millisecond as its release is recorded one millisecond after it.
            var withdrawnAt = LaterThan(release.ReleasedAt, now);
            switch (DisclosureGate.Withdraw(built.Value.Candidate, release.ReleasedAt))
            {
                case WithdrawalOutcome.Rebuilt again:
                    delivery.StageWithdrawal(again.Withdrawal, withdrawnAt, reason.Trim());
                    break;
                case WithdrawalOutcome.Refused refused:
                    return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"The released package cannot be rebuilt: {refused.Text.En}", $"Het verstrekte pakket kan niet worden herbouwd: {refused.Text.Nl}"));
                default:
                    return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText("The disclosure gate gave no answer.", "De verstrekkingspoort gaf geen antwoord."));
            }

            var withdrawal = new StoredWithdrawal(caseId, shareId, share.PartyId, reason.Trim(), actor.Name, withdrawnAt);
            return CaseAction.Staged(withdrawal, CaseAction.Record("share.withdraw", actor, caseId, shareId, new JsonObject
            {
                ["release"] = release.Id,
                ["party"] = share.PartyId,
                ["reason"] = withdrawal.Reason,
                ["withdrawnAt"] = CaseAction.Iso(withdrawnAt),
            }));
        },
        ct => delivery.AfterCommitAsync(shareId, ct),
        cancellationToken);
    }

    /// <summary>The instant of a withdrawal: <paramref name="now"/>, or the first millisecond after the release when
    /// <paramref name="now"/> is not later than the release at millisecond precision (the clock's resolution).</summary>
    internal static DateTimeOffset LaterThan(DateTimeOffset releasedAt, DateTimeOffset now)
    {
        var first = new DateTimeOffset(releasedAt.UtcTicks - (releasedAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).AddMilliseconds(1);
        return now < first ? first : now;
    }
}
