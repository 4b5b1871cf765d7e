using System.Collections.Immutable;
using Grondslag.Domain.Parties;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Cases;

/// <summary>A stored indicator list: the raw bytes are kept apart; this is what the workflow needs of it.</summary>
public sealed record StoredImport(string Id, string CaseId, string FileName, string Sha256, long Lines, int Accepted, long Rejected, long Bytes, string ImportedBy, DateTimeOffset ImportedAt);

/// <summary>A plan: one import assessed on one date, with the dataset and rule-set versions it was made under.</summary>
public sealed record StoredPlan(
    string Id,
    string CaseId,
    string ImportId,
    DateOnly Date,
    string? RegimeOverride,
    string RegimeId,
    string RuleSetSha256,
    string DatasetName,
    string DatasetVersion,
    string DatasetSha256,
    string PartiesSha256,
    ImmutableSortedSet<InformationClass> Classes,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>1 for the first assessment, one more for each re-assessment.</summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// Addresses per country (country codes; pseudo-codes and unknown left out) as this plan attributed them, under the
    /// dataset named on the plan. Null for plans stored before the counts were kept (then they are computed again).
    /// </summary>
    public ImmutableSortedDictionary<string, int>? AddressesByCountry { get; init; }

    /// <summary>The plan this one replaced (a re-assessment), if any.</summary>
    public string? Supersedes { get; init; }

    /// <summary>The plan that replaced this one; its shares are then read-only history. Null for the current plan.</summary>
    public string? SupersededBy { get; init; }
}

/// <summary>One recipient in a what-if: its verdict under the regime asked about, beside the verdict under the regime in force.</summary>
public sealed record WhatIfRecipient(
    string PartyId,
    string PartyName,
    int IndicatorCount,
    Verdict WhatIfVerdict,
    ImmutableArray<string> WhatIfBasis,
    Verdict InForceVerdict,
    ImmutableArray<string> InForceBasis);

/// <summary>
/// A stored what-if comparison: the case's import assessed on a date under a regime that is not in force (e.g. the
/// Cbw while the Wbni is), beside the regime in force. It is never a plan: it has no shares, so nothing in the
/// workflow (approve, confirm, release) can address it.
/// </summary>
public sealed record StoredWhatIf(
    string Id,
    string CaseId,
    string ImportId,
    DateOnly Date,
    string Regime,
    string? RegimeInForce,
    string RuleSetSha256,
    ImmutableArray<WhatIfRecipient> Recipients,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>One line a person reads, e.g. "Under the Cbw (not in force): conditional; in force (Wbni): prohibited".</summary>
    public string Summary(WhatIfRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return $"Under the {Label(Regime)} (not in force): {recipient.WhatIfVerdict.ToWire()}; in force ({(RegimeInForce is null ? "no regime" : Label(RegimeInForce))}): {recipient.InForceVerdict.ToWire()}";
    }

    private static string Label(string regime) => regime.Length == 0 ? regime : char.ToUpperInvariant(regime[0]) + regime[1..];
}

/// <summary>A share as first stored: the workflow file, its assessment as JSON, and its indexes into the import's accepted addresses.</summary>
public sealed record NewShare(ShareFile File, string AssessmentJson, ImmutableArray<int> Indexes)
{
    /// <summary>The share's attributed indicators in their stored form (<see cref="IndicatorChunks"/>), so a release never reads the list again.</summary>
    public IReadOnlyList<byte[]> IndicatorChunks { get; init; } = [];
}

/// <summary>A release that passed the disclosure gate.</summary>
public sealed record StoredRelease(string Id, string CaseId, string ShareId, string PartyId, int IndicatorCount, string ReleasedBy, DateTimeOffset ReleasedAt, string Tlp);

/// <summary>Two people changed the same thing at once; the later one lost and may retry after reading again.</summary>
public sealed class ConcurrentChangeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The case store as use cases see it (implemented by Grondslag.Storage). Opens one transaction per action.</summary>
public interface ICaseStore
{
    /// <summary>Starts a transaction; the audit trail appends inside it, so the action and its record commit together.</summary>
    Task<ICaseTransaction> BeginAsync(CancellationToken cancellationToken);

    /// <summary>Starts a transaction that only reads: it must not hold up writers (nor wait for them where the engine allows).</summary>
    Task<ICaseTransaction> BeginReadAsync(CancellationToken cancellationToken) => BeginAsync(cancellationToken);
}

/// <summary>One action's view of the store. Changes are staged, written by <see cref="SaveAsync"/>, and kept only by <see cref="CommitAsync"/>.</summary>
public interface ICaseTransaction : IAsyncDisposable
{
    Task<CaseFile?> FindCaseAsync(string caseId, CancellationToken cancellationToken);

    Task<IReadOnlyList<CaseFile>> ListCasesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> cases in creation order (then id), starting after the case <paramref name="afterId"/>
    /// (null: from the first); the next page starts after the last one returned.
    /// </summary>
    async Task<IReadOnlyList<CaseFile>> ListCasesPageAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        var all = await ListCasesAsync(cancellationToken).ConfigureAwait(false);
        var start = afterId is null ? 0 : all.ToList().FindIndex(c => c.Id == afterId) + 1;
        return [.. all.Skip(start).Take(limit)];
    }

    /// <summary>
    /// At most <paramref name="limit"/> open (not settled) cases in the order of <see cref="OpenCaseOrder"/>, starting after
    /// the case <paramref name="afterId"/> (null: from the first).
    /// </summary>
    async Task<IReadOnlyList<CaseFile>> OpenCasesPageAsync(string? afterId, int limit, CancellationToken cancellationToken)
    {
        var open = OpenCaseOrder.Sort((await ListCasesAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.State != CaseState.Settled), c => c.Id, c => c.Deadline, c => c.CreatedAt);
        return OpenCaseOrder.After(open, c => c.Id, afterId, limit);
    }

    /// <summary>The case's current shares: those of its current plan, and earlier released shares that stay released.</summary>
    Task<IReadOnlyList<ShareFile>> SharesAsync(string caseId, CancellationToken cancellationToken);

    Task<ShareFile?> FindShareAsync(string caseId, string shareId, CancellationToken cancellationToken);

    Task<string?> AssessmentJsonAsync(string shareId, CancellationToken cancellationToken);

    Task<ImmutableArray<int>> ShareIndexesAsync(string shareId, CancellationToken cancellationToken);

    Task<StoredImport?> FindImportAsync(string caseId, string sha256, CancellationToken cancellationToken);

    Task<StoredImport?> LatestImportAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>The import with this id (the one a plan was made from), or null.</summary>
    Task<StoredImport?> ImportAsync(string importId, CancellationToken cancellationToken);

    Task<byte[]> ImportBytesAsync(string importId, CancellationToken cancellationToken);

    /// <summary>What parsing the import found besides its addresses (stored at import); null for imports stored before it was kept.</summary>
    Task<ImportDigest?> ImportDigestAsync(string importId, CancellationToken cancellationToken) => Task.FromResult<ImportDigest?>(null);

    /// <summary>The import's accepted unique addresses, ascending, as stored at import; null for imports stored before they were kept.</summary>
    Task<ImmutableArray<Grondslag.Domain.Indicators.IpAddress>?> ImportAddressesAsync(string importId, CancellationToken cancellationToken) =>
        Task.FromResult<ImmutableArray<Grondslag.Domain.Indicators.IpAddress>?>(null);

    /// <summary>
    /// At most <paramref name="limit"/> of the share's attributed indicators from position <paramref name="offset"/>
    /// (address order), as stored when the share was made; null when the share was stored before they were kept.
    /// </summary>
    Task<IndicatorPage?> ShareIndicatorsAsync(string shareId, int offset, int limit, CancellationToken cancellationToken) => Task.FromResult<IndicatorPage?>(null);

    Task<StoredPlan?> FindPlanAsync(string planId, CancellationToken cancellationToken);

    /// <summary>Every plan version of the case, oldest first (the last one not superseded is current).</summary>
    Task<IReadOnlyList<StoredPlan>> PlansAsync(string caseId, CancellationToken cancellationToken);

    /// <summary>Every share of the case, superseded ones included (the record of earlier plan versions).</summary>
    Task<IReadOnlyList<ShareFile>> AllSharesAsync(string caseId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredWhatIf>> WhatIfsAsync(string caseId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredRelease>> ReleasesAsync(string? partyId, CancellationToken cancellationToken);

    /// <summary>The releases of one case's shares (the case page), without reading every release there is.</summary>
    async Task<IReadOnlyList<StoredRelease>> CaseReleasesAsync(string caseId, CancellationToken cancellationToken) =>
        [.. (await ReleasesAsync(null, cancellationToken).ConfigureAwait(false)).Where(r => r.CaseId == caseId)];

    void AddCase(CaseFile file);

    /// <summary>Stores the case's changed fields (owner, state, pending handover); fails with <see cref="ConcurrentChangeException"/> when it changed meanwhile.</summary>
    void UpdateCase(CaseFile before, CaseFile after);

    void AddImport(StoredImport import, byte[] content);

    /// <summary>
    /// Stores an import streamed: the raw file (read from <paramref name="content"/> in bounded pieces), what parsing
    /// found and the accepted addresses. Written at once inside the transaction (so memory stays bounded), kept only by commit.
    /// </summary>
    async Task AddImportAsync(StoredImport import, Stream content, ImportDigest digest, ImmutableArray<Grondslag.Domain.Indicators.IpAddress> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        AddImport(import, copy.ToArray());
    }

    /// <summary>Stores a plan and its shares, with any decision, confirmations and advice they carry over.</summary>
    void AddPlan(StoredPlan plan, IReadOnlyList<NewShare> shares);

    /// <summary>Marks a plan superseded by a newer one; two re-assessments of one plan cannot both succeed.</summary>
    void SupersedePlan(StoredPlan before, string newPlanId);

    void AddWhatIf(StoredWhatIf whatIf);

    /// <summary>Stores the share's changes (state, new advice and answers, decision, new assessment); optimistic on its version.</summary>
    void UpdateShare(ShareFile before, ShareFile after, string? newAssessmentJson = null);

    void AddConfirmation(string shareId, Confirmation confirmation);

    void AddRelease(StoredRelease release);

    /// <summary>Writes the staged changes inside the transaction; a lost race becomes <see cref="ConcurrentChangeException"/>.</summary>
    Task SaveAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>The reference data a case is assessed against: address tables, the party registry and the rule book.</summary>
public interface ISharingContext
{
    AddressTables Tables { get; }

    PartyRegistry Parties { get; }

    LegalEvaluator Evaluator { get; }
}

/// <summary>Called after an action's records are written and before they commit. Production: nothing; tests use it to crash mid-action.</summary>
public interface ICommitHook
{
    Task BeforeCommitAsync(string action, CancellationToken cancellationToken);
}

/// <summary>The production hook: does nothing.</summary>
public sealed class NoCommitHook : ICommitHook
{
    public Task BeforeCommitAsync(string action, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>New identifiers. An input so tests can replay; the default is random.</summary>
public interface IIdGenerator
{
    string NewId(string prefix);
}

/// <summary>Random, URL-safe identifiers with a readable prefix (<c>case-…</c>, <c>share-…</c>).</summary>
public sealed class RandomIdGenerator : IIdGenerator
{
    public string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 17)];
}

/// <summary>
/// The order of the open-cases list: cases with a deadline first, earliest deadline first; then the newest; then by id,
/// so the order is total and a cursor (the last id shown) finds its place again.
/// </summary>
public static class OpenCaseOrder
{
    public static List<T> Sort<T>(IEnumerable<T> cases, Func<T, string> id, Func<T, DateTimeOffset?> deadline, Func<T, DateTimeOffset> createdAt) =>
        [.. cases.OrderBy(c => deadline(c) ?? DateTimeOffset.MaxValue).ThenByDescending(createdAt).ThenBy(id, StringComparer.Ordinal)];

    /// <summary>At most <paramref name="limit"/> items after the one with id <paramref name="afterId"/>; none when that id is not in the list.</summary>
    public static List<T> After<T>(List<T> sorted, Func<T, string> id, string? afterId, int limit)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var start = afterId is null ? 0 : sorted.FindIndex(c => id(c) == afterId) + 1;
        return afterId is not null && start == 0 ? [] : [.. sorted.Skip(start).Take(Math.Max(0, limit))];
    }
}
