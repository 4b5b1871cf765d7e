using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>Re-assesses every released share under the rule set and party registry in force now, on its release day (audited).</summary>
public interface IReviewDisclosures
{
    Task<ReviewReport> ExecuteAsync(Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IReviewDisclosures"/>
public sealed class ReviewDisclosures(ICaseStore store, IAuditTrail audit, ISharingContext sharing) : IReviewDisclosures
{
    public async Task<ReviewReport> ExecuteAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var report = RetrospectiveReview.Run(await PastDisclosures.ReadAsync(tx, sharing, cancellationToken).ConfigureAwait(false), sharing.Evaluator);
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
}
