using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Grondslag.Application.Assessing;
using Grondslag.Application.Auditing;
using Grondslag.Application.Planning;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Cases;

/// <summary>The plan made and the shares now in the workflow.</summary>
public sealed record AssessCaseResult(StoredPlan Plan, ImmutableArray<ShareFile> Shares, int WithoutLawfulRecipient);

/// <summary>
/// Attributes the case's latest import, splits it per recipient and assesses each share on the date; the actor is
/// recorded as the preparer of every share (and so cannot approve them: four eyes).
/// </summary>
public interface IAssessCase
{
    Task<Outcome<AssessCaseResult>> ExecuteAsync(string caseId, DateOnly? date, string? regime, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IAssessCase"/>
public sealed class AssessCase(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock, ISharingContext sharing) : IAssessCase
{
    public Task<Outcome<AssessCaseResult>> ExecuteAsync(string caseId, DateOnly? date, string? regime, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var book = sharing.Evaluator.Book;
        var day = date ?? AssessmentInput.Today(clock);
        return CaseAction.RunAsync<AssessCaseResult>(store, audit, hook, "case.assess", actor, caseId, null, async tx =>
        {
            if (!string.IsNullOrWhiteSpace(regime))
            {
                // A regime other than the one in force is a what-if: it is stored beside the plan, never as workflow shares.
                var asked = regime.Trim().ToLowerInvariant();
                if (book.Regime(asked) is null)
                {
                    return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText(
                        $"regime: '{regime}' is not a regime; use one of {string.Join(", ", book.Regimes.Select(r => r.Id))}.",
                        $"regime: '{regime}' is geen regime; gebruik een van {string.Join(", ", book.Regimes.Select(r => r.Id))}."));
                }

                if (book.RegimeInForce(day)?.Id != asked)
                {
                    return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText(
                        $"regime: {asked} is not in force on {day:yyyy-MM-dd} ({book.RegimeInForce(day)?.Id ?? "no regime"} is), so an assessment under it is a what-if and cannot "
                        + $"enter the workflow. Compare instead: POST /api/cases/{caseId}/what-ifs {{\"regime\": \"{asked}\"}} (grondslag case what-if --case {caseId} --regime {asked}); "
                        + "or assess without a regime.",
                        $"regime: {asked} geldt niet op {day:yyyy-MM-dd} (wel {book.RegimeInForce(day)?.Id ?? "geen regime"}), dus een beoordeling daaronder is een wat-als en kan niet "
                        + $"in de werkstroom komen. Vergelijk in plaats daarvan: POST /api/cases/{caseId}/what-ifs {{\"regime\": \"{asked}\"}} (grondslag case what-if --case {caseId} --regime {asked}); "
                        + "of beoordeel zonder regime."));
                }
            }

            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            if ((await tx.SharesAsync(caseId, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText(
                    $"Case {caseId} is already assessed; its shares are in the workflow. To assess it again today (a new version of the plan, decisions carried over where nothing changed): "
                    + $"POST /api/cases/{caseId}/reassessments (grondslag case reassess --case {caseId}).",
                    $"Zaak {caseId} is al beoordeeld; haar delingen zijn in de werkstroom. Om haar vandaag opnieuw te beoordelen (een nieuwe versie van het plan, besluiten overgenomen waar niets veranderde): "
                    + $"POST /api/cases/{caseId}/reassessments (grondslag case reassess --case {caseId})."));
            }

            if (await tx.LatestImportAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } import)
            {
                return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Case {caseId} has no indicator list yet; import one first.", $"Zaak {caseId} heeft nog geen indicatorlijst; importeer er eerst een."));
            }

            var made = await CasePlans.MakeAsync(tx, sharing, ids, clock, file, import, day, actor, cancellationToken).ConfigureAwait(false);
            var shares = made.Recipients.Select(r => r.New).ToList();
            tx.AddPlan(made.Plan, shares);
            tx.UpdateCase(file, file with { State = CaseState.InProgress });
            var result = new AssessCaseResult(made.Plan, [.. shares.Select(s => s.File)], made.Sharing.WithoutLawfulRecipient);
            var payload = CasePlans.AuditPayload(made, sharing, import);
            payload["shares"] = new JsonArray([.. shares.Select(s => (JsonNode)new JsonObject
            {
                ["share"] = s.File.Id,
                ["party"] = s.File.PartyId,
                ["indicators"] = s.File.IndicatorCount,
                ["verdict"] = s.File.Assessment.Verdict.ToWire(),
                ["whatIf"] = s.File.Assessment.WhatIf,
                ["partyFingerprint"] = s.File.Assessment.PartyFingerprint,
                ["basis"] = new JsonArray([.. s.File.Assessment.Basis.Select(b => (JsonNode)b)]),
            })]);
            return CaseAction.Staged(result, CaseAction.Record("case.assess", actor, caseId, made.Plan.Id, payload));
        }, cancellationToken);
    }
}

/// <summary>One recipient of a newly made plan: the planned share and the share as it is first stored.</summary>
internal sealed record PlannedRecipient(RecipientPlan Planned, NewShare New);

/// <summary>A plan as made from an import on a day, before it is stored.</summary>
internal sealed record MadePlan(StoredPlan Plan, SharingPlan Sharing, ImmutableArray<PlannedRecipient> Recipients);

/// <summary>Making a plan (first assessment or re-assessment): attribute, split per recipient, assess under the law in force.</summary>
internal static class CasePlans
{
    public static async Task<MadePlan> MakeAsync(ICaseTransaction tx, ISharingContext sharing, IIdGenerator ids, TimeProvider clock, CaseFile file, StoredImport import,
        DateOnly day, Actor actor, CancellationToken cancellationToken, int version = 1, string? supersedes = null)
    {
        var book = sharing.Evaluator.Book;
        var list = await CaseImports.ListAsync(tx, import, 100, cancellationToken).ConfigureAwait(false);
        var request = new PlanRequest(list, day, null, InformationClasses.CompromisedDeviceList, file.Originator);
        var plan = PlanSharing.Plan(request, sharing.Tables, sharing.Parties, sharing.Evaluator);
        var dataset = plan.Dataset;
        var regimeId = plan.Recipients.FirstOrDefault()?.Assessment.RegimeId ?? book.RegimeInForce(day)?.Id ?? "none";
        var stored = new StoredPlan(ids.NewId("plan"), file.Id, import.Id, day, null, regimeId, book.Sha256,
            dataset.Name, dataset.Version, dataset.Sha256, sharing.Parties.Sha256, request.Classes, actor.Name, clock.GetUtcNow())
        {
            Version = version,
            Supersedes = supersedes,
            AddressesByCountry = CaseImports.CountsOf(plan.Attribution),
        };
        var recipients = plan.Recipients.Select(r => new PlannedRecipient(r, new NewShare(
            new ShareFile(ids.NewId("share"), file.Id, stored.Id, r.Party.Id, r.Party.Name, r.Share.Count, ShareState.Assessed,
                ShareVerdict.Of(r.Assessment, PartyFingerprint.Of(r.Party)), actor.Name, false, [], [], null, 0)
            {
                PartySha256 = PartyFingerprint.Of(r.Party),
                AddressesSha256 = Fingerprints.Addresses(r.Share.Indexes.Select(i => plan.Attribution.Addresses[i])),
            },
            AssessmentJson.ToJson(r.Assessment, book, includeTrace: false).ToJsonString(),
            r.Share.Indexes)
        {
            IndicatorChunks = IndicatorChunks.Encode(plan.Attribution, r.Share.Indexes),
        })).ToImmutableArray();
        return new MadePlan(stored, plan, recipients);
    }

    public static JsonObject AuditPayload(MadePlan made, ISharingContext sharing, StoredImport import)
    {
        var dataset = made.Sharing.Dataset;
        return new JsonObject
        {
            ["import"] = import.Id,
            ["importSha256"] = import.Sha256,
            ["date"] = made.Plan.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["regime"] = made.Plan.RegimeId,
            ["whatIf"] = false,
            ["planVersion"] = made.Plan.Version,
            ["supersedes"] = made.Plan.Supersedes,
            ["ruleSetSha256"] = sharing.Evaluator.Book.Sha256,
            ["dataset"] = new JsonObject { ["name"] = dataset.Name, ["version"] = dataset.Version, ["sha256"] = dataset.Sha256 },
            ["partiesSha256"] = sharing.Parties.Sha256,
        };
    }
}
