using System.Collections.Immutable;
using Grondslag.Application.Delivery;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Cases;

/// <summary>What one share's step in a bulk act came to: its own result, or its own refusal.</summary>
public sealed record ShareStepResult<T>(string ShareId, T? Value, Refusal? Refusal)
{
    public bool IsOk => Refusal is null;
}

/// <summary>The result of a bulk act: one entry per share asked about, in the order asked, duplicates once.</summary>
public sealed record BulkResult<T>(ImmutableArray<ShareStepResult<T>> Shares)
{
    public int Succeeded => Shares.Count(s => s.IsOk);

    public int Refused => Shares.Count(s => !s.IsOk);
}

/// <summary>
/// Decides many shares of a case in one act with one motivation. It is nothing but <see cref="IDecide"/> per share:
/// four eyes, the prohibition and every other refusal hold for each share on its own, and each share's decision (or
/// refused attempt) is its own audit record. One share's refusal does not stop the others.
/// </summary>
public interface IDecideShares
{
    Task<Outcome<BulkResult<ShareDecision>>> ExecuteAsync(string caseId, IReadOnlyList<string> shareIds, DecisionOutcome outcome, string motivation, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IDecideShares"/>
public sealed class DecideShares(IDecide decide) : IDecideShares
{
    /// <summary>The most shares one act may name (a registry has a few hundred parties at most).</summary>
    public const int MaxShares = 1000;

    public async Task<Outcome<BulkResult<ShareDecision>>> ExecuteAsync(string caseId, IReadOnlyList<string> shareIds, DecisionOutcome outcome, string motivation, Actor actor, CancellationToken cancellationToken = default)
    {
        if (Bulk.Check(shareIds) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(motivation))
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("motivation: say why these shares are approved or refused; the one motivation is recorded with each decision.",
                "motivation: zeg waarom deze delingen worden goedgekeurd of geweigerd; de ene motivering wordt bij elk besluit vastgelegd."));
        }

        var results = ImmutableArray.CreateBuilder<ShareStepResult<ShareDecision>>();
        foreach (var shareId in Bulk.Distinct(shareIds))
        {
            var one = await decide.ExecuteAsync(caseId, shareId, outcome, motivation, actor, cancellationToken).ConfigureAwait(false);
            results.Add(new ShareStepResult<ShareDecision>(shareId, one.Value, one.Refusal));
        }

        return Outcome<BulkResult<ShareDecision>>.Ok(new BulkResult<ShareDecision>(results.ToImmutable()));
    }
}

/// <summary>
/// Releases many approved shares of a case in one act. It is nothing but <see cref="IRelease"/> per share: each goes
/// through the disclosure gate on its own, is recorded with its outbox work and audited in its own transaction, and the
/// result per share (released, or refused with the reason) is returned. The channel steps of the released shares run
/// after the last release's commit (<see cref="IShareDelivery.AfterCommitAsync(IReadOnlyList{string}, CancellationToken)"/>),
/// not between one share's release and the next's: the act answers once every share is released, with the deliveries
/// queued (or done), and each share's delivery state tells which.
/// </summary>
public interface IReleaseShares
{
    Task<Outcome<BulkResult<StoredRelease>>> ExecuteAsync(string caseId, IReadOnlyList<string> shareIds, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IReleaseShares"/>
public sealed class ReleaseShares(IRelease release, IShareDelivery delivery) : IReleaseShares
{
    public async Task<Outcome<BulkResult<StoredRelease>>> ExecuteAsync(string caseId, IReadOnlyList<string> shareIds, Actor actor, CancellationToken cancellationToken = default)
    {
        if (Bulk.Check(shareIds) is { } invalid)
        {
            return invalid;
        }

        var results = ImmutableArray.CreateBuilder<ShareStepResult<StoredRelease>>();
        foreach (var shareId in Bulk.Distinct(shareIds))
        {
            var one = await release.ExecuteQueuedAsync(caseId, shareId, actor, cancellationToken).ConfigureAwait(false);
            results.Add(new ShareStepResult<StoredRelease>(shareId, one.Value, one.Refusal));
        }

        // Only the released shares have outbox work; it runs now that every release is committed.
        var released = results.Where(r => r.IsOk).Select(r => r.ShareId).ToList();
        if (released.Count > 0)
        {
            await delivery.AfterCommitAsync(released, cancellationToken).ConfigureAwait(false);
        }

        return Outcome<BulkResult<StoredRelease>>.Ok(new BulkResult<StoredRelease>(results.ToImmutable()));
    }
}

internal static class Bulk
{
    public static Refusal? Check(IReadOnlyList<string>? shareIds)
    {
        if (shareIds is null || !shareIds.Any(s => !string.IsNullOrWhiteSpace(s)))
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("shareIds: select at least one share.", "shareIds: kies ten minste één deling."));
        }

        return shareIds.Count > DecideShares.MaxShares
            ? new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"shareIds: at most {DecideShares.MaxShares} shares in one act; {shareIds.Count} were named.", $"shareIds: hoogstens {DecideShares.MaxShares} delingen in één handeling; er zijn er {shareIds.Count} genoemd."))
            : null;
    }

    public static IEnumerable<string> Distinct(IReadOnlyList<string> shareIds) =>
        shareIds.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal);
}
