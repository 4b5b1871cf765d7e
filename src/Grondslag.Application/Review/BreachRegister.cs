using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>One version of a breach record: records are never changed, each change adds a version.</summary>
public sealed record BreachVersion(BreachRecord Record, int Version, string ChangedBy, DateTimeOffset ChangedAt, string Change);

/// <summary>The breach register (GDPR art. 33(5)) as the use cases see it; writes join the current case transaction.</summary>
public interface IBreachRegister
{
    Task<IReadOnlyList<BreachVersion>> LatestAsync(CancellationToken cancellationToken);

    Task<BreachVersion?> FindAsync(string breachId, CancellationToken cancellationToken);

    /// <summary>Stages a new version (1 for a new breach); saved by the transaction's SaveAsync.</summary>
    void Add(BreachVersion version);
}

/// <summary>Use cases of the breach procedure: review past disclosures, open a breach, follow it up.</summary>
public sealed class BreachProcedure(ICaseStore store, IBreachRegister register, IAuditTrail audit, ISharingContext sharing, TimeProvider clock, IWithdraw withdraw)
{
    /// <summary>Re-assesses every released share under the rule set and party registry in force now, on its release day.</summary>
    public async Task<ReviewReport> ReviewAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var report = RetrospectiveReview.Run(await PastDisclosuresAsync(tx, cancellationToken).ConfigureAwait(false), sharing.Evaluator);
        await audit.AppendAsync(new AuditRecord("review.run", actor.Name, actor.Role.ToWire(), null, report.RuleSetSha256Now, new JsonObject
        {
            ["ruleSet"] = report.RuleSetSha256Now,
            ["parties"] = sharing.Parties.Sha256,
            ["disclosures"] = report.Findings.Length,
            ["withoutBasis"] = new JsonArray([.. report.WithoutBasis.Select(f => (JsonNode)f.Disclosure.ShareId)]),
        }), cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>
    /// Opens one breach for every released share that no longer has a basis, with its 72-hour deadline, and a
    /// deletion request to each affected recipient — all recorded and audited in one transaction.
    /// </summary>
    public async Task<Outcome<BreachVersion>> OpenAsync(Actor actor, string contactPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var report = RetrospectiveReview.Run(await PastDisclosuresAsync(tx, cancellationToken).ConfigureAwait(false), sharing.Evaluator);
        var now = clock.GetUtcNow();
        var existing = await register.LatestAsync(cancellationToken).ConfigureAwait(false);
        var known = existing.SelectMany(b => b.Record.Recipients.Select(r => r.ShareId)).ToHashSet(StringComparer.Ordinal);
        var fresh = report with { Findings = [.. report.Findings.Where(f => !known.Contains(f.Disclosure.ShareId))] };
        var id = $"breach-{now:yyyyMMdd}-{existing.Count + 1:D3}";
        if (BreachIntake.FromReview(id, fresh, sharing.Parties.Find, now, contactPoint) is not { } breach)
        {
            return Outcome<BreachVersion>.Refused(RefusalKind.Conflict,
                "Every released share still has a basis under the rules in force (or is already in a breach record): there is no breach to open.");
        }

        breach = breach with { DeletionRequests = BreachIntake.DeletionRequests(breach, sharing.Parties.Find, now) };
        var version = new BreachVersion(breach, 1, actor.Name, now, "opened from a retrospective review");
        register.Add(version);
        try
        {
            await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrentChangeException ex)
        {
            return Outcome<BreachVersion>.Refused(RefusalKind.Conflict, ex.Message);
        }

        await audit.AppendAsync(Record("breach.open", actor, breach, new JsonObject
        {
            ["awareAt"] = Iso(breach.AwareAt),
            ["deadline"] = Iso(breach.Deadline),
            ["ruleSet"] = report.RuleSetSha256Now,
            ["recipients"] = new JsonArray([.. breach.Recipients.Select(r => (JsonNode)new JsonObject
            {
                ["party"] = r.PartyId,
                ["share"] = r.ShareId,
                ["indicators"] = r.Indicators,
                ["disclosedAt"] = Iso(r.DisclosedAt),
                ["ruleNowSayingNo"] = r.RuleNowSayingNo,
            })]),
        }), cancellationToken).ConfigureAwait(false);
        foreach (var request in breach.DeletionRequests)
        {
            await audit.AppendAsync(Record("breach.deletion-request", actor, breach, new JsonObject
            {
                ["party"] = request.PartyId,
                ["share"] = request.ShareId,
                ["channel"] = request.Channel,
                ["requestedAt"] = Iso(request.RequestedAt),
            }), cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);

        // The deletion requests go out through the recipients' channels: the share is withdrawn (its objects
        // republished as revoked on TAXII, the deletion-request e-mail queued), each step audited by Withdraw.
        foreach (var finding in fresh.WithoutBasis)
        {
            await withdraw.ExecuteAsync(finding.Disclosure.CaseId, finding.Disclosure.ShareId,
                $"Deletion request: {breach.Id}. This disclosure had no legal basis; please delete the information and confirm.", actor, cancellationToken).ConfigureAwait(false);
        }

        return Outcome<BreachVersion>.Ok(version);
    }

    /// <summary>Records a recipient's confirmation that it deleted what it received.</summary>
    public Task<Outcome<BreachVersion>> ConfirmDeletionAsync(string breachId, string partyId, string reference, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(breachId, actor, "breach.deletion-confirmed", $"deletion confirmed by {partyId}", b =>
        {
            var request = b.DeletionRequests.FirstOrDefault(d => d.PartyId == partyId);
            if (request is null)
            {
                return new Refusal(RefusalKind.NotFound, $"Breach {breachId} sent no deletion request to '{partyId}'.");
            }

            if (string.IsNullOrWhiteSpace(reference))
            {
                return new Refusal(RefusalKind.Invalid, "reference: say how the deletion was confirmed (e.g. the recipient's message id).");
            }

            return Outcome<BreachRecord>.Ok(b with { DeletionRequests = b.DeletionRequests.Replace(request, request with { ConfirmedAt = clock.GetUtcNow(), ConfirmationReference = reference.Trim() }) });
        }, new JsonObject { ["party"] = partyId, ["reference"] = reference }, cancellationToken);

    /// <summary>Records a submission to the Autoriteit Persoonsgegevens (one phase; later phases supplement it).</summary>
    public Task<Outcome<BreachVersion>> RecordNotificationAsync(string breachId, string reference, string summary, string? delayReasons, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(breachId, actor, "breach.notified", "notification submitted", b =>
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                return new Refusal(RefusalKind.Invalid, "reference: give the AP's reference of the submission.");
            }

            var now = clock.GetUtcNow();
            if (now > b.Deadline && string.IsNullOrWhiteSpace(delayReasons ?? b.DelayReasons))
            {
                return new Refusal(RefusalKind.Invalid, $"The 72-hour deadline ({Iso(b.Deadline)}) has passed: art. 33(1) requires the reasons for the delay (delayReasons).");
            }

            return Outcome<BreachRecord>.Ok(b with
            {
                Notifications = b.Notifications.Add(new NotificationPhase(b.Notifications.Length + 1, now, reference.Trim(), summary?.Trim() ?? "")),
                DelayReasons = delayReasons ?? b.DelayReasons,
            });
        }, new JsonObject { ["reference"] = reference, ["summary"] = summary, ["delayReasons"] = delayReasons }, cancellationToken);

    /// <summary>Records the decision not to notify, with its reasons (art. 33(1): unlikely to result in a risk).</summary>
    public Task<Outcome<BreachVersion>> DecideNotToNotifyAsync(string breachId, string reasons, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(breachId, actor, "breach.not-notified", "decided not to notify", b =>
            string.IsNullOrWhiteSpace(reasons)
                ? new Refusal(RefusalKind.Invalid, "reasons: record why notification is not required.")
                : Outcome<BreachRecord>.Ok(b with { NotNotifiedBecause = reasons.Trim() }),
            new JsonObject { ["reasons"] = reasons }, cancellationToken);

    private async Task<Outcome<BreachVersion>> ChangeAsync(
        string breachId, Actor actor, string action, string change, Func<BreachRecord, Outcome<BreachRecord>> apply, JsonObject payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await register.FindAsync(breachId, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return Outcome<BreachVersion>.Refused(RefusalKind.NotFound, $"There is no breach '{breachId}'.");
        }

        var changed = apply(current.Record);
        if (changed.Refusal is { } refusal)
        {
            return Outcome<BreachVersion>.Refused(refusal);
        }

        var record = changed.Value!;
        var version = new BreachVersion(record, current.Version + 1, actor.Name, clock.GetUtcNow(), change);
        register.Add(version);
        try
        {
            await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrentChangeException ex)
        {
            return Outcome<BreachVersion>.Refused(RefusalKind.Conflict, $"Breach {breachId} changed meanwhile; read it again. ({ex.Message})");
        }

        await audit.AppendAsync(Record(action, actor, record, payload), cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Outcome<BreachVersion>.Ok(version);
    }

    /// <summary>The released shares as past disclosures: the facts as assessed, recipient from the registry in force now.</summary>
    private async Task<List<PastDisclosure>> PastDisclosuresAsync(ICaseTransaction tx, CancellationToken cancellationToken)
    {
        var result = new List<PastDisclosure>();
        foreach (var release in await tx.ReleasesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var file = await tx.FindCaseAsync(release.CaseId, cancellationToken).ConfigureAwait(false);
            var share = await tx.FindShareAsync(release.CaseId, release.ShareId, cancellationToken).ConfigureAwait(false);
            var plan = share is null ? null : await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false);
            if (file is null || share is null || plan is null)
            {
                continue;
            }

            var party = sharing.Parties.Find(release.PartyId);
            var recipient = party is null
                ? new RecipientProfile(share.PartyName, null, null, [], [], UnrecognisedKind: $"(party '{release.PartyId}' is no longer in the registry)")
                : Planning.PlanSharing.ProfileOf(party);
            var request = new AssessmentRequest(plan.Classes, file.Originator, recipient, true, share.Assessment.Date, plan.RegimeOverride,
                [.. share.Confirmations.Select(c => c.ConditionId)]);
            result.Add(new PastDisclosure(release.CaseId, release.ShareId, release.PartyId, request, release.IndicatorCount, release.ReleasedAt,
                share.Assessment.RuleSetSha256, share.Assessment.Verdict));
        }

        return result;
    }

    /// <summary>
    /// The what-if report for a regime change: every share of the stored cases (open and settled), assessed under the regime of its
    /// plan and under <paramref name="compared"/>, on the plan's date.
    /// </summary>
    public async Task<IReadOnlyList<RegimeDifference>> CompareRegimesAsync(string compared, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        var requests = new List<(string CaseId, string ShareId, AssessmentRequest Request)>();
        var regime = "wbni";
        foreach (var file in await tx.ListCasesAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var share in await tx.SharesAsync(file.Id, cancellationToken).ConfigureAwait(false))
            {
                if (await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan || sharing.Parties.Find(share.PartyId) is not { } party)
                {
                    continue;
                }

                regime = plan.RegimeId;
                requests.Add((file.Id, share.Id, new AssessmentRequest(plan.Classes, file.Originator, Planning.PlanSharing.ProfileOf(party), true, plan.Date, null,
                    [.. share.Confirmations.Select(c => c.ConditionId)])));
            }
        }

        return RegimeComparison.Compare(requests, sharing.Evaluator, regime, compared);
    }

    private static AuditRecord Record(string action, Actor actor, BreachRecord breach, JsonObject payload) =>
        new(action, actor.Name, actor.Role.ToWire(), null, breach.Id, payload);

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
