using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>
/// Opens one breach for every released share that no longer has a basis, with its 72-hour deadline, and a
/// deletion request to each affected recipient — recorded and audited in one transaction; then withdraws each share.
/// </summary>
public interface IOpenBreach
{
    Task<Outcome<BreachVersion>> ExecuteAsync(Actor actor, string contactPoint, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IOpenBreach"/>
public sealed class OpenBreach(ICaseStore store, IBreachRegister register, IAuditTrail audit, ISharingContext sharing, TimeProvider clock, IWithdraw withdraw) : IOpenBreach
{
    public async Task<Outcome<BreachVersion>> ExecuteAsync(Actor actor, string contactPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var report = RetrospectiveReview.Run(await PastDisclosures.ReadAsync(tx, sharing, cancellationToken).ConfigureAwait(false), sharing.Evaluator);
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

        await audit.AppendAsync(BreachChange.Record("breach.open", actor, breach, new JsonObject
        {
            ["awareAt"] = BreachChange.Iso(breach.AwareAt),
            ["deadline"] = BreachChange.Iso(breach.Deadline),
            ["ruleSet"] = report.RuleSetSha256Now,
            ["recipients"] = new JsonArray([.. breach.Recipients.Select(r => (JsonNode)new JsonObject
            {
                ["party"] = r.PartyId,
                ["share"] = r.ShareId,
                ["indicators"] = r.Indicators,
                ["disclosedAt"] = BreachChange.Iso(r.DisclosedAt),
                ["ruleNowSayingNo"] = r.RuleNowSayingNo,
            })]),
        }), cancellationToken).ConfigureAwait(false);
        foreach (var request in breach.DeletionRequests)
        {
            await audit.AppendAsync(BreachChange.Record("breach.deletion-request", actor, breach, new JsonObject
            {
                ["party"] = request.PartyId,
                ["share"] = request.ShareId,
                ["channel"] = request.Channel,
                ["requestedAt"] = BreachChange.Iso(request.RequestedAt),
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
}
