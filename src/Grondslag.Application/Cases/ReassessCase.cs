using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Grondslag.Application.Assessing;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Cases;

/// <summary>What happened to one recipient's share in a re-assessment.</summary>
public sealed record ShareCarryOver(
    string PartyId,
    string PartyName,
    string? ShareId,
    string? PreviousShareId,
    CarryOverKind Kind,
    string Reason,
    Verdict Verdict,
    ShareState State);

/// <summary>The new plan version, the one it replaced, and per recipient what carried over and what became void.</summary>
public sealed record ReassessCaseResult(StoredPlan Plan, StoredPlan Superseded, ImmutableArray<ShareCarryOver> Shares, int WithoutLawfulRecipient);

/// <summary>
/// Assesses an assessed case again today (the legal day in the Netherlands), under the rule set and party registry
/// in force now: a new version of the plan that supersedes the current one (kept, read-only, as the record). Per
/// recipient a decision carries over only when recipient, addresses, verdict and basis are unchanged
/// (<see cref="PlanVersions"/>); otherwise it is void and must be taken again. A released share stays released.
/// Each recipient's outcome is audited on its own.
/// </summary>
public interface IReassessCase
{
    Task<Outcome<ReassessCaseResult>> ExecuteAsync(string caseId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IReassessCase"/>
public sealed class ReassessCase(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock, ISharingContext sharing) : IReassessCase
{
    public Task<Outcome<ReassessCaseResult>> ExecuteAsync(string caseId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var perShare = new List<AuditRecord>();
        return CaseAction.RunAsync<ReassessCaseResult>(store, audit, hook, "case.reassess", actor, caseId, null, async tx =>
        {
            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            var plans = await tx.PlansAsync(caseId, cancellationToken).ConfigureAwait(false);
            if (plans.LastOrDefault(p => p.SupersededBy is null) is not { } current)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Case {caseId} is not assessed yet: assess it first (POST /api/cases/{caseId}/assessments).", $"Zaak {caseId} is nog niet beoordeeld: beoordeel haar eerst (POST /api/cases/{caseId}/assessments)."));
            }

            if (await tx.LatestImportAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } import)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Case {caseId} has no indicator list; import one first.", $"Zaak {caseId} heeft geen indicatorlijst; importeer er eerst een."));
            }

            var today = AssessmentInput.Today(clock);
            var made = await CasePlans.MakeAsync(tx, sharing, ids, clock, file, import, today, actor, cancellationToken, current.Version + 1, current.Id).ConfigureAwait(false);
            var shares = await tx.SharesAsync(caseId, cancellationToken).ConfigureAwait(false);

            // Per recipient, the share to compare with: the current plan's, else an earlier released one that stayed current.
            var previous = shares.GroupBy(s => s.PartyId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.PlanId == current.Id).First(), StringComparer.Ordinal);
            var book = sharing.Evaluator.Book;
            var newShares = new List<NewShare>();
            var outcomes = new List<ShareCarryOver>();
            var replaced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (planned, fresh) in made.Recipients)
            {
                var before = previous.GetValueOrDefault(planned.Party.Id);
                var candidate = fresh;
                if (before is { Confirmations.IsEmpty: false }
                    && Reassess.Share(sharing, file, made.Plan, planned.Party.Id, before.Confirmations) is { } confirmed)
                {
                    // Compare like with like: the earlier verdict counted its confirmed conditions.
                    candidate = fresh with
                    {
                        File = fresh.File with { Assessment = ShareVerdict.Of(confirmed, fresh.File.Assessment.PartyFingerprint) },
                        AssessmentJson = AssessmentJson.ToJson(confirmed, book, includeTrace: false).ToJsonString(),
                    };
                }

                var after = new ShareFingerprint(planned.Party.Id, candidate.File.PartySha256, candidate.File.AddressesSha256, candidate.File.Assessment);
                var carry = PlanVersions.Compare(before,
                    before is null ? after : new ShareFingerprint(before.PartyId, before.PartySha256, before.AddressesSha256, before.Assessment),
                    after, actor.Name);
                var chosen = carry.SameFacts ? candidate : fresh;
                var successor = PlanVersions.Successor(before, chosen.File with { PreviousShareId = before?.Id }, carry, ids.NewId);
                if (successor is not null)
                {
                    newShares.Add(chosen with { File = successor });
                    if (before is not null)
                    {
                        replaced.Add(before.Id);
                    }
                }

                outcomes.Add(new ShareCarryOver(planned.Party.Id, planned.Party.Name, successor?.Id ?? before?.Id, before?.Id, carry.Kind, carry.Reason,
                    (successor ?? before ?? fresh.File).Assessment.Verdict, (successor ?? before ?? fresh.File).State));
            }

            // Every earlier share that was not released, or that a new share replaces, becomes read-only history.
            foreach (var old in shares.Where(s => s.State != ShareState.Released || replaced.Contains(s.Id)))
            {
                tx.UpdateShare(old, old with { SupersededBy = made.Plan.Id });
                if (!previous.TryGetValue(old.PartyId, out var compared) || compared.Id != old.Id || made.Recipients.Any(r => r.Planned.Party.Id == old.PartyId))
                {
                    continue;
                }

                outcomes.Add(new ShareCarryOver(old.PartyId, old.PartyName, null, old.Id, CarryOverKind.Void,
                    old.Decision is { } d ? $"{d.Outcome.ToWire()} by {d.DecidedBy} is void: the new plan has no share for this recipient" : "void: the new plan has no share for this recipient",
                    old.Assessment.Verdict, old.State));
            }

            tx.SupersedePlan(current, made.Plan.Id);
            tx.AddPlan(made.Plan, newShares);
            tx.UpdateCase(file, file with { State = CaseState.InProgress });
            foreach (var o in outcomes)
            {
                perShare.Add(CaseAction.Record("share.carry-over", actor, caseId, o.ShareId ?? o.PreviousShareId, new JsonObject
                {
                    ["plan"] = made.Plan.Id,
                    ["party"] = o.PartyId,
                    ["share"] = o.ShareId,
                    ["previousShare"] = o.PreviousShareId,
                    ["outcome"] = Wire(o.Kind),
                    ["reason"] = o.Reason,
                    ["verdict"] = o.Verdict.ToWire(),
                    ["state"] = o.State.ToWire(),
                }));
            }

            var payload = CasePlans.AuditPayload(made, sharing, import);
            payload["superseded"] = current.Id;
            payload["carried"] = outcomes.Count(o => o.Kind == CarryOverKind.Carried);
            payload["void"] = outcomes.Count(o => o.Kind == CarryOverKind.Void);
            payload["new"] = outcomes.Count(o => o.Kind == CarryOverKind.New);
            payload["staysReleased"] = outcomes.Count(o => o.Kind == CarryOverKind.StaysReleased);
            var result = new ReassessCaseResult(made.Plan, current with { SupersededBy = made.Plan.Id }, [.. outcomes], made.Sharing.WithoutLawfulRecipient);
            return CaseAction.Staged(result, CaseAction.Record("case.reassess", actor, caseId, made.Plan.Id, payload));
        },
        _ => Task.FromResult<IReadOnlyList<AuditRecord>>(perShare),
        cancellationToken);
    }

    /// <summary>The wire name of a carry-over outcome (audit records, API).</summary>
    public static string Wire(CarryOverKind kind) => kind switch
    {
        CarryOverKind.New => "new",
        CarryOverKind.Carried => "carried-over",
        CarryOverKind.Void => "void",
        CarryOverKind.StaysReleased => "stays-released",
    };
}
