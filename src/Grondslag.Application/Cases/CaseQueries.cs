using System.Collections.Immutable;
using System.Text;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;

namespace Grondslag.Application.Cases;

/// <summary>A case with its shares and whom it waits for.</summary>
public sealed record CaseView(CaseFile Case, ImmutableArray<ShareFile> Shares, ImmutableArray<string> WaitingFor, StoredImport? LatestImport)
{
    /// <summary>Every plan version, oldest first; all but the last are superseded.</summary>
    public ImmutableArray<StoredPlan> Plans { get; init; } = [];

    /// <summary>The shares of superseded plans: read-only history.</summary>
    public ImmutableArray<ShareFile> History { get; init; } = [];

    /// <summary>What-if comparisons (regimes not in force), newest last; never part of the workflow.</summary>
    public ImmutableArray<StoredWhatIf> WhatIfs { get; init; } = [];
}

/// <summary>A released share as its recipient sees it: its own addresses only.</summary>
public sealed record RecipientShare(StoredRelease Release, ImmutableArray<string> Indicators);

/// <summary>Read-only questions about cases; recipients only ever see their own released shares.</summary>
public interface ICaseQueries
{
    Task<IReadOnlyList<CaseFile>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One page of cases in creation order, after the case <paramref name="afterId"/> (see ICaseTransaction.ListCasesPageAsync).</summary>
    Task<IReadOnlyList<CaseFile>> ListPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>One page of open cases, most urgent first (<see cref="OpenCaseOrder"/>), each with whom it waits for.</summary>
    Task<IReadOnlyList<(CaseFile Case, IReadOnlyList<ShareFile> Shares)>> OpenPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default);

    Task<CaseView?> GetAsync(string caseId, CancellationToken cancellationToken = default);

    Task<(ShareFile Share, string AssessmentJson)?> GetShareAsync(string caseId, string shareId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredRelease>> ReleasesForAsync(string partyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a share's attributed indicators (address, country, AS) in address order, read from what was stored
    /// when the share was made (never the whole list); null when the case has no such share.
    /// </summary>
    Task<IndicatorPage?> ShareIndicatorsAsync(string caseId, string shareId, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>The released share with its addresses, or null when it is not this party's (or does not exist).</summary>
    Task<RecipientShare?> RecipientShareAsync(string partyId, string shareId, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ICaseQueries"/>
public sealed class CaseQueries(ICaseStore store) : ICaseQueries
{
    public async Task<IReadOnlyList<CaseFile>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        return await tx.ListCasesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CaseFile>> ListPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        return await tx.ListCasesPageAsync(afterId, limit, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<(CaseFile Case, IReadOnlyList<ShareFile> Shares)>> OpenPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default)
    {
        // One read transaction; per case of the page only its current shares (not its whole view).
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        var page = await tx.OpenCasesPageAsync(afterId, limit, cancellationToken).ConfigureAwait(false);
        var result = new List<(CaseFile, IReadOnlyList<ShareFile>)>(page.Count);
        foreach (var file in page)
        {
            result.Add((file, await tx.SharesAsync(file.Id, cancellationToken).ConfigureAwait(false)));
        }

        return result;
    }

    public async Task<CaseView?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
        {
            return null;
        }

        var shares = await tx.SharesAsync(caseId, cancellationToken).ConfigureAwait(false);
        var import = await tx.LatestImportAsync(caseId, cancellationToken).ConfigureAwait(false);
        var plans = await tx.PlansAsync(caseId, cancellationToken).ConfigureAwait(false);
        var all = await tx.AllSharesAsync(caseId, cancellationToken).ConfigureAwait(false);
        var whatIfs = await tx.WhatIfsAsync(caseId, cancellationToken).ConfigureAwait(false);
        return new CaseView(file, [.. shares], Handover.WaitingFor(file, shares), import)
        {
            Plans = [.. plans],
            History = [.. all.Where(s => s.SupersededBy is not null)],
            WhatIfs = [.. whatIfs],
        };
    }

    public async Task<(ShareFile Share, string AssessmentJson)?> GetShareAsync(string caseId, string shareId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share)
        {
            return null;
        }

        return (share, await tx.AssessmentJsonAsync(shareId, cancellationToken).ConfigureAwait(false) ?? "{}");
    }

    public async Task<IReadOnlyList<StoredRelease>> ReleasesForAsync(string partyId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        return await tx.ReleasesAsync(partyId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IndicatorPage?> ShareIndicatorsAsync(string caseId, string shareId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.FindShareAsync(caseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share
            || await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return null;
        }

        if (await tx.ShareIndicatorsAsync(shareId, offset, limit, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        // A share stored before its indicators were kept: its addresses from the import, without attribution.
        var import = await tx.ImportAsync(plan.ImportId, cancellationToken).ConfigureAwait(false);
        if (import is null)
        {
            return null;
        }

        var list = await CaseImports.ListAsync(tx, import, 0, cancellationToken).ConfigureAwait(false);
        var indexes = await tx.ShareIndexesAsync(shareId, cancellationToken).ConfigureAwait(false);
        return new IndicatorPage(indexes.Length, offset, [.. indexes.Skip(offset).Take(limit).Select(i => new Grondslag.Domain.Disclosure.OutgoingIndicator(list.Attributable[i], null, 0, ""))]);
    }

    public async Task<RecipientShare?> RecipientShareAsync(string partyId, string shareId, CancellationToken cancellationToken = default)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        var release = (await tx.ReleasesAsync(partyId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.ShareId == shareId);
        if (release is null || await tx.FindShareAsync(release.CaseId, shareId, cancellationToken).ConfigureAwait(false) is not { } share
            || await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan)
        {
            return null;
        }

        if (await tx.ShareIndicatorsAsync(shareId, 0, int.MaxValue, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return new RecipientShare(release, [.. stored.Items.Select(i => i.Address.ToString())]);
        }

        var bytes = await tx.ImportBytesAsync(plan.ImportId, cancellationToken).ConfigureAwait(false);
        var list = IndicatorIntake.Addresses(plan.ImportId, Encoding.UTF8.GetString(bytes), new IndicatorListOptions { MaxReportedLines = 0 });
        var indexes = await tx.ShareIndexesAsync(shareId, cancellationToken).ConfigureAwait(false);
        return new RecipientShare(release, [.. indexes.Select(i => list.Attributable[i].ToString())]);
    }
}
