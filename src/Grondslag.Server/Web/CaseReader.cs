using System.Collections.Immutable;
using System.Text;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Indicators.Intake;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Presentation;

namespace Grondslag.Server.Web;

/// <summary>One recipient's row on the case page: the stored workflow state and the replayed assessment that explains it.</summary>
public sealed record ShareRow(ShareFile Share, string WaitingFor, Party? Party, Assessment? Explained, bool RulesChanged, StoredRelease? Release);

/// <summary>
/// One country in the counts table: how many indicators, and the verdict on the share of the party that serves it;
/// no verdict and no recipient when no party in the registry serves it (its addresses have no recipient).
/// </summary>
public sealed record CountryRow(CountryCode Country, string Name, int Indicators, Verdict? Verdict, string? Recipient, string? PartyId, bool EuMember);

/// <summary>
/// Addresses that have no lawful recipient, per country, computed from the stored import and shares (so it is there on
/// every visit): a prohibited share (with its recipient and the lawful alternatives) or a country no party serves.
/// </summary>
public sealed record NoLawfulRecipient(CountryCode Country, string Name, int Addresses, string? Recipient, string? PartyId, ImmutableArray<Alternative> Alternatives);

/// <summary>Everything the case page shows, read in one transaction.</summary>
public sealed record CasePage(
    CaseFile Case,
    ImmutableArray<ShareRow> Shares,
    ImmutableArray<string> WaitingFor,
    StoredImport? Import,
    StoredPlan? Plan,
    ImmutableArray<RejectedLine> Rejected,
    long RejectedCount,
    string MapSvg,
    ImmutableArray<CountryRow> Countries)
{
    /// <summary>The Europe inset of the map (every EU state visible).</summary>
    public string EuropeSvg { get; init; } = "";

    /// <summary>The addresses without a lawful recipient, per country, largest first.</summary>
    public ImmutableArray<NoLawfulRecipient> WithoutLawfulRecipient { get; init; } = [];

    /// <summary>Every plan version, oldest first; all but the current one are superseded (read-only history).</summary>
    public ImmutableArray<StoredPlan> Plans { get; init; } = [];

    /// <summary>The shares of superseded plans, as they were when superseded.</summary>
    public ImmutableArray<ShareFile> History { get; init; } = [];

    /// <summary>Stored what-if comparisons (regimes not in force); never part of the workflow.</summary>
    public ImmutableArray<StoredWhatIf> WhatIfs { get; init; } = [];
}

/// <summary>
/// The read model of the web UI's case page. Reads through the case store; explains each share by replaying its
/// assessment (same facts, date and confirmations) so the rule trace the stored summary leaves out can be shown.
/// </summary>
public sealed class CaseReader(ICaseStore store, ISharingContext sharing)
{
    public async Task<CasePage?> ReadAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginReadAsync(cancellationToken).ConfigureAwait(false);
        if (await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is not { } file)
        {
            return null;
        }

        // Every share once (current and superseded), split here rather than read twice.
        var everyShare = await tx.AllSharesAsync(caseId, cancellationToken).ConfigureAwait(false);
        var shares = everyShare.Where(s => s.SupersededBy is null).ToList();
        var import = await tx.LatestImportAsync(caseId, cancellationToken).ConfigureAwait(false);
        var releases = (await tx.CaseReleasesAsync(caseId, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.ShareId, StringComparer.Ordinal);
        var plans = await tx.PlansAsync(caseId, cancellationToken).ConfigureAwait(false);
        var plan = plans.LastOrDefault(p => p.SupersededBy is null);
        var plansById = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var history = everyShare.Where(s => s.SupersededBy is not null).ToImmutableArray();
        var whatIfs = await tx.WhatIfsAsync(caseId, cancellationToken).ConfigureAwait(false);

        ImmutableArray<RejectedLine> rejected = [];
        long rejectedCount = 0;
        var attributedByCountry = ImmutableSortedDictionary<CountryCode, int>.Empty;
        if (import is not null && await tx.ImportDigestAsync(import.Id, cancellationToken).ConfigureAwait(false) is { } digest)
        {
            // Stored at import and at assessment: the page never reads the list itself.
            rejected = digest.Rejected;
            rejectedCount = digest.RejectedCount;
            if (shares.Count > 0 && plan?.AddressesByCountry is { } counts)
            {
                attributedByCountry = counts.ToImmutableSortedDictionary(c => CountryCode.Parse(c.Key), c => c.Value);
            }
            else if (shares.Count > 0)
            {
                var list = digest.ToList(import.FileName, await tx.ImportAddressesAsync(import.Id, cancellationToken).ConfigureAwait(false) ?? []);
                attributedByCountry = Grondslag.Attribution.Routing.AttributedAddresses.Attribute(list, sharing.Tables).ByCountry;
            }
        }
        else if (import is not null)
        {
            // An import stored before its parse result was kept.
            var bytes = await tx.ImportBytesAsync(import.Id, cancellationToken).ConfigureAwait(false);
            var list = IndicatorIntake.Addresses(import.FileName, Encoding.UTF8.GetString(bytes), new IndicatorListOptions { MaxReportedLines = 200 });
            rejected = list.Rejected;
            rejectedCount = list.RejectedCount;
            if (shares.Count > 0 && list.Accepted > 0)
            {
                attributedByCountry = Grondslag.Attribution.Routing.AttributedAddresses.Attribute(list, sharing.Tables).ByCountry;
            }
        }

        var rows = ImmutableArray.CreateBuilder<ShareRow>();
        foreach (var share in shares.OrderBy(s => Severity(s.Assessment.Verdict)).ThenByDescending(s => s.IndicatorCount).ThenBy(s => s.PartyName, StringComparer.Ordinal))
        {
            var party = sharing.Parties.Find(share.PartyId);
            // Explained under the share's own plan (an earlier released share that stayed current keeps its plan).
            var own = plansById.GetValueOrDefault(share.PlanId) ?? plan;
            var explained = own is null ? null : Reassess.Share(sharing, file, own, share.PartyId, share.Confirmations);
            rows.Add(new ShareRow(share, ShareWorkflow.WaitingFor(share), party, explained,
                explained is not null && !string.Equals(explained.RuleSetSha256, share.Assessment.RuleSetSha256, StringComparison.Ordinal),
                releases.GetValueOrDefault(share.Id)));
        }

        var day = plan?.Date ?? DateOnly.FromDateTime(DateTime.UnixEpoch);
        var countries = Countries(rows, attributedByCountry, c => sharing.Evaluator.Book.Countries.IsEuMember(c, day));
        var link = (string? party) => party is null ? null : $"/cases/{Uri.EscapeDataString(caseId)}/shares/{Uri.EscapeDataString(party)}";
        var shades = countries.Where(c => c.Indicators > 0)
            .ToDictionary(c => c.Country, c => new CountryShade(c.Indicators, c.Verdict, c.Recipient, link(c.PartyId)));
        var title = $"Where the indicators of “{file.Title}” go, coloured by verdict";
        var map = WorldMap.Render(shades, title);
        var withoutLawful = rows.Where(r => r.Share.Assessment.Verdict == Verdict.Prohibited && r.Party is { } p && p.CountriesServed.Length == 1)
            .Select(r => new NoLawfulRecipient(r.Party!.CountriesServed[0], WorldMap.NameOf(r.Party.CountriesServed[0]), r.Share.IndicatorCount, r.Share.PartyName, r.Share.PartyId,
                r.Explained?.Alternatives ?? []))
            .Concat(countries.Where(c => c.Verdict is null && c.Indicators > 0).Select(c => new NoLawfulRecipient(c.Country, c.Name, c.Indicators, null, null, [])))
            .OrderByDescending(n => n.Addresses).ThenBy(n => n.Country.Value, StringComparer.Ordinal)
            .ToImmutableArray();
        return new CasePage(file, rows.ToImmutable(), Handover.WaitingFor(file, shares), import, plan, rejected, rejectedCount, map, countries)
        {
            Plans = [.. plans],
            History = history,
            WhatIfs = [.. whatIfs],
            EuropeSvg = WorldMap.RenderEurope(shades, "Europe: " + title),
            WithoutLawfulRecipient = withoutLawful,
        };
    }

    /// <summary>
    /// Every country with addresses (served by a national CSIRT's share, or by nobody) and every EU member state
    /// (also with none), largest first.
    /// </summary>
    private static ImmutableArray<CountryRow> Countries(IEnumerable<ShareRow> rows, IReadOnlyDictionary<CountryCode, int> attributed, Func<CountryCode, bool> eu)
    {
        var served = rows.Where(r => r.Party is { } p && p.CountriesServed.Length == 1)
            .GroupBy(r => r.Party!.CountriesServed[0])
            .Select(g => g.OrderByDescending(r => r.Share.IndicatorCount).First())
            .ToDictionary(r => r.Party!.CountriesServed[0]);
        var all = served.Keys.Concat(attributed.Keys).Concat(EuStates.Select(CountryCode.Parse).Where(eu)).Distinct();
        return [.. all.Select(c => served.TryGetValue(c, out var r)
                ? new CountryRow(c, WorldMap.NameOf(c), r.Share.IndicatorCount, r.Share.Assessment.Verdict, r.Share.PartyName, r.Share.PartyId, eu(c))
                : new CountryRow(c, WorldMap.NameOf(c), attributed.GetValueOrDefault(c), null, null, null, eu(c)))
            .OrderByDescending(c => c.Indicators).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>Candidates for EU membership shown in the counts table even without addresses (filtered by the rule book's dates).</summary>
    private static readonly string[] EuStates =
        ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "GB"];

    /// <summary>What needs a decision first: prohibited and advice-required above the routine permitted shares.</summary>
    public static int Severity(Verdict verdict) => verdict switch
    {
        Verdict.Prohibited => 0,
        Verdict.AdviceRequired => 1,
        Verdict.Conditional => 2,
        Verdict.Permitted => 3,
    };
}
