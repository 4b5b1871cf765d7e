using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Assessing;
using Grondslag.Application.Auditing;
using Grondslag.Application.Planning;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Indicators;
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
        if (!string.IsNullOrWhiteSpace(regime) && book.Regime(regime.Trim().ToLowerInvariant()) is null)
        {
            return Task.FromResult(Outcome<AssessCaseResult>.Refused(RefusalKind.Invalid,
                $"regime: '{regime}' is not a regime; use one of {string.Join(", ", book.Regimes.Select(r => r.Id))}."));
        }

        var regimeOverride = string.IsNullOrWhiteSpace(regime) ? null : regime.Trim().ToLowerInvariant();
        return CaseAction.RunAsync<AssessCaseResult>(store, audit, hook, "case.assess", actor, caseId, null, async tx =>
        {
            if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
            {
                return CaseAction.UnknownCase(caseId);
            }

            if ((await tx.SharesAsync(caseId, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                return new Refusal(RefusalKind.Conflict, $"Case {caseId} is already assessed; its shares are in the workflow.");
            }

            if (await tx.LatestImportAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } import)
            {
                return new Refusal(RefusalKind.Conflict, $"Case {caseId} has no indicator list yet; import one first.");
            }

            var bytes = await tx.ImportBytesAsync(import.Id, cancellationToken).ConfigureAwait(false);
            var list = IndicatorListParser.Parse(import.FileName, Encoding.UTF8.GetString(bytes), new IndicatorListOptions { MaxReportedLines = 100 });
            var day = date ?? AssessmentInput.Today(clock);
            var request = new PlanRequest(list, day, regimeOverride, InformationClasses.CompromisedDeviceList, file.Originator);
            var plan = PlanSharing.Plan(request, sharing.Tables, sharing.Parties, sharing.Evaluator);
            var now = clock.GetUtcNow();
            var dataset = plan.Dataset;
            var regimeId = plan.Recipients.FirstOrDefault()?.Assessment.RegimeId ?? regimeOverride ?? book.RegimeInForce(day)?.Id ?? "none";
            var stored = new StoredPlan(ids.NewId("plan"), caseId, import.Id, day, regimeOverride, regimeId, book.Sha256,
                dataset.Name, dataset.Version, dataset.Sha256, sharing.Parties.Sha256, request.Classes, actor.Name, now);
            var shares = plan.Recipients.Select(r => new NewShare(
                new ShareFile(ids.NewId("share"), caseId, stored.Id, r.Party.Id, r.Party.Name, r.Share.Count, ShareState.Assessed,
                    ShareVerdict.Of(r.Assessment, PartyFingerprint.Of(r.Party)), actor.Name, false, [], [], null, 0),
                AssessmentJson.ToJson(r.Assessment, book, includeTrace: false).ToJsonString(),
                r.Share.Indexes)).ToList();
            tx.AddPlan(stored, shares);
            tx.UpdateCase(file, file with { State = CaseState.InProgress });
            var result = new AssessCaseResult(stored, [.. shares.Select(s => s.File)], plan.WithoutLawfulRecipient);
            return CaseAction.Staged(result, CaseAction.Record("case.assess", actor, caseId, stored.Id, new JsonObject
            {
                ["import"] = import.Id,
                ["importSha256"] = import.Sha256,
                ["date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["regime"] = regimeId,
                ["whatIf"] = regimeOverride is not null && !string.Equals(book.RegimeInForce(day)?.Id, regimeOverride, StringComparison.Ordinal),
                ["ruleSetSha256"] = book.Sha256,
                ["dataset"] = new JsonObject { ["name"] = dataset.Name, ["version"] = dataset.Version, ["sha256"] = dataset.Sha256 },
                ["partiesSha256"] = sharing.Parties.Sha256,
                ["shares"] = new JsonArray([.. shares.Select(s => (JsonNode)new JsonObject
                {
                    ["share"] = s.File.Id,
                    ["party"] = s.File.PartyId,
                    ["indicators"] = s.File.IndicatorCount,
                    ["verdict"] = s.File.Assessment.Verdict.ToWire(),
                    ["whatIf"] = s.File.Assessment.WhatIf,
                    ["partyFingerprint"] = s.File.Assessment.PartyFingerprint,
                    ["basis"] = new JsonArray([.. s.File.Assessment.Basis.Select(b => (JsonNode)b)]),
                })]),
            }));
        }, cancellationToken);
    }
}
