using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Grondslag.Application.Assessing;
using Grondslag.Application.Auditing;
using Grondslag.Application.Planning;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Cases;

/// <summary>
/// A what-if: assesses the case's latest import on a date under a regime that is not in force then (e.g. the Cbw
/// while the Wbni is) and stores, per recipient, that verdict beside the verdict under the regime in force. It
/// makes no plan and no shares, so no workflow step can ever act on it. Audited.
/// </summary>
public interface ICompareWhatIf
{
    Task<Outcome<StoredWhatIf>> ExecuteAsync(string caseId, string regime, DateOnly? date, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ICompareWhatIf"/>
public sealed class CompareWhatIf(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock, ISharingContext sharing) : ICompareWhatIf
{
    public Task<Outcome<StoredWhatIf>> ExecuteAsync(string caseId, string regime, DateOnly? date, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var evaluator = sharing.Evaluator;
        var book = evaluator.Book;
        var asked = (regime ?? "").Trim().ToLowerInvariant();
        if (book.Regime(asked) is null)
        {
            return Task.FromResult(Outcome<StoredWhatIf>.Refused(RefusalKind.Invalid,
                $"regime: '{regime}' is not a regime; use one of {string.Join(", ", book.Regimes.Select(r => r.Id))}."));
        }

        var day = date ?? AssessmentInput.Today(clock);
        var inForce = book.RegimeInForce(day)?.Id;
        if (inForce == asked)
        {
            return Task.FromResult(Outcome<StoredWhatIf>.Refused(RefusalKind.Invalid,
                $"regime: {asked} is in force on {day:yyyy-MM-dd}; that is the real assessment, not a what-if. Choose a regime that is not in force then."));
        }

        return CaseAction.RunAsync<StoredWhatIf>(store, audit, hook, "case.what-if", actor, caseId, null, async tx =>
        {
            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            if (await tx.LatestImportAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } import)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Case {caseId} has no indicator list yet; import one first.", $"Zaak {caseId} heeft nog geen indicatorlijst; importeer er eerst een."));
            }

            var list = await CaseImports.ListAsync(tx, import, 0, cancellationToken).ConfigureAwait(false);
            var request = new PlanRequest(list, day, asked, InformationClasses.CompromisedDeviceList, file.Originator);
            var plan = PlanSharing.Plan(request, sharing.Tables, sharing.Parties, evaluator);
            var recipients = plan.Recipients.Select(r =>
            {
                var fingerprint = PartyFingerprint.Of(r.Party);
                var whatIf = ShareVerdict.Of(r.Assessment, fingerprint);
                var real = ShareVerdict.Of(evaluator.Assess(PlanSharing.RequestFor(r.Party, request with { RegimeOverride = null }, ownConstituency: r.Share.OwnConstituency)), fingerprint);
                return new WhatIfRecipient(r.Party.Id, r.Party.Name, r.Share.Count, whatIf.Verdict, whatIf.Basis, real.Verdict, real.Basis);
            }).ToImmutableArray();
            var stored = new StoredWhatIf(ids.NewId("whatif"), caseId, import.Id, day, asked, inForce, book.Sha256, recipients, actor.Name, clock.GetUtcNow());
            tx.AddWhatIf(stored);
            return CaseAction.Staged(stored, CaseAction.Record("case.what-if", actor, caseId, stored.Id, new JsonObject
            {
                ["import"] = import.Id,
                ["date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["regime"] = asked,
                ["regimeInForce"] = inForce,
                ["ruleSetSha256"] = book.Sha256,
                ["recipients"] = recipients.Length,
                ["differ"] = recipients.Count(r => r.WhatIfVerdict != r.InForceVerdict),
            }));
        }, cancellationToken);
    }
}
