using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Text;

namespace Grondslag.Application.Cases;

/// <summary>What closing did: the closed case, and the shares whose open work lapsed with it.</summary>
public sealed record CaseClosed(CaseFile Case, IReadOnlyList<ShareFile> Lapsed);

/// <summary>
/// Closes a case with a reason. Allowed to the owner, a duty officer and a decision-maker. Closing never releases
/// anything: every current share that is neither released nor refused (assessed, waiting for advice, approved and not
/// yet released) lapses — it stays in its state as the record of how far it got, each one is audited on its own
/// (<c>share.lapse</c>), and no further step can be taken on it. A pending handover offer is withdrawn. Afterwards the
/// case refuses imports, assessments, advice, decisions, releases and handovers (see <see cref="CaseAction"/>), stays
/// readable, and still allows the withdrawal of a released share (breach review reads released shares whatever the
/// case's state). A closed case is not reopened: new work on the same list is a new case.
/// </summary>
public interface ICloseCase
{
    Task<Outcome<CaseClosed>> ExecuteAsync(string caseId, string reason, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ICloseCase"/>
public sealed class CloseCase(ICaseStore store, IAuditTrail audit, ICommitHook hook, TimeProvider clock) : ICloseCase
{
    public const string Action = "case.close";

    public Task<Outcome<CaseClosed>> ExecuteAsync(string caseId, string reason, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var lapsed = new List<ShareFile>();
        return CaseAction.RunAsync<CaseClosed>(store, audit, hook, Action, actor, caseId, null, async tx =>
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return new Refusal(RefusalKind.Invalid, new LocalText("reason: say why the case is closed.", "reason: geef aan waarom de zaak wordt gesloten."));
            }

            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            if (file.State == CaseState.Closed)
            {
                return new Refusal(RefusalKind.Conflict, new LocalText($"Case {caseId} is already closed.", $"Zaak {caseId} is al gesloten."));
            }

            if (!string.Equals(file.Owner, actor.Name, StringComparison.OrdinalIgnoreCase) && actor.Role is not (Role.DutyOfficer or Role.DecisionMaker))
            {
                return new Refusal(RefusalKind.NotAllowed, new LocalText(
                    $"Only the owner ({file.Owner}), a duty officer or a decision-maker can close case {caseId}.",
                    $"Alleen de eigenaar ({file.Owner}), een dienstdoende of een besluitvormer kan zaak {caseId} sluiten."));
            }

            lapsed.AddRange((await tx.SharesAsync(caseId, cancellationToken).ConfigureAwait(false))
                .Where(s => s.SupersededBy is null && s.State is not (ShareState.Released or ShareState.Refused)));
            var closed = file with { State = CaseState.Closed, Handover = null, Closure = new CaseClosure(reason.Trim(), actor.Name, clock.GetUtcNow()) };
            tx.UpdateCase(file, closed);
            return CaseAction.Staged(new CaseClosed(closed, lapsed), CaseAction.Record(Action, actor, caseId, null, new JsonObject
            {
                ["reason"] = reason.Trim(),
                ["previousState"] = file.State.ToWire(),
                ["lapsed"] = lapsed.Count,
                ["handoverWithdrawn"] = file.Handover?.HandoverId,
            }));
        }, _ => Task.FromResult<IReadOnlyList<AuditRecord>>([.. lapsed.Select(s => CaseAction.Record("share.lapse", actor, caseId, s.Id, new JsonObject
        {
            ["party"] = s.PartyId,
            ["state"] = s.State.ToWire(),
            ["pendingAdvice"] = s.Advice.Count(a => a.Pending),
        }))]), cancellationToken);
    }
}
