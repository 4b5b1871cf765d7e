using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Cases;

/// <summary>Asks the legal or NCTV adviser about a share (also about the alternatives of a prohibited one).</summary>
public interface IRequestAdvice
{
    Task<Outcome<AdviceItem>> ExecuteAsync(string caseId, string shareId, AdviserKind adviser, string question, bool exceptionalRisk, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IRequestAdvice"/>
public sealed class RequestAdvice(ICaseStore store, IAuditTrail audit, ICommitHook hook, IIdGenerator ids, TimeProvider clock) : IRequestAdvice
{
    public Task<Outcome<AdviceItem>> ExecuteAsync(string caseId, string shareId, AdviserKind adviser, string question, bool exceptionalRisk, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<AdviceItem>(store, audit, hook, "share.advice-request", actor, caseId, shareId, async tx =>
        {
            if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share)
            {
                return CaseAction.UnknownShare(caseId, shareId);
            }

            var id = ids.NewId("advice");
            var changed = ShareWorkflow.RequestAdvice(share, actor, id, adviser, question, exceptionalRisk, clock.GetUtcNow());
            if (changed.Refusal is { } refusal)
            {
                return refusal;
            }

            tx.UpdateShare(share, changed.Value!);
            var item = changed.Value!.Advice[^1];
            return CaseAction.Staged(item, CaseAction.Record("share.advice-request", actor, caseId, shareId, new JsonObject
            {
                ["request"] = id,
                ["adviser"] = adviser.ToWire(),
                ["question"] = item.Question,
                ["exceptionalRisk"] = exceptionalRisk,
                ["verdict"] = share.Assessment.Verdict.ToWire(),
            }));
        }, cancellationToken);
}

/// <summary>Records an adviser's answer to a request of their kind.</summary>
public interface IGiveAdvice
{
    Task<Outcome<AdviceItem>> ExecuteAsync(string caseId, string shareId, string adviceId, string advice, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IGiveAdvice"/>
public sealed class GiveAdvice(ICaseStore store, IAuditTrail audit, ICommitHook hook, TimeProvider clock) : IGiveAdvice
{
    public Task<Outcome<AdviceItem>> ExecuteAsync(string caseId, string shareId, string adviceId, string advice, Actor actor, CancellationToken cancellationToken = default) =>
        CaseAction.RunAsync<AdviceItem>(store, audit, hook, "share.advice-answer", actor, caseId, shareId, async tx =>
        {
            if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share)
            {
                return CaseAction.UnknownShare(caseId, shareId);
            }

            var changed = ShareWorkflow.GiveAdvice(share, actor, adviceId, advice, clock.GetUtcNow());
            if (changed.Refusal is { } refusal)
            {
                return refusal;
            }

            tx.UpdateShare(share, changed.Value!);
            var item = changed.Value!.Advice.Single(a => a.Id == adviceId);
            return CaseAction.Staged(item, CaseAction.Record("share.advice-answer", actor, caseId, shareId, new JsonObject
            {
                ["request"] = adviceId,
                ["adviser"] = item.Adviser.ToWire(),
                ["advice"] = item.Answer,
            }));
        }, cancellationToken);
}
