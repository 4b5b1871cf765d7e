using System.Collections.Immutable;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Law;

/// <summary>A country's membership of a union or area over a period (both ends inclusive).</summary>
public sealed record Membership(CountryCode Country, DateInterval Period, string Reference);

/// <summary>
/// A GDPR art. 45 adequacy decision (or an arrangement with the same effect, such as the UK bridge of 2021):
/// for which country, over which days, and which legal regimes of recipient it covers (Canada's covers
/// commercial organisations under PIPEDA, not government CSIRTs; the US DPF only certified organisations).
/// </summary>
public sealed record AdequacyDecision(
    CountryCode Country,
    string Decision,
    DateInterval Period,
    ImmutableSortedSet<DataProtectionRegime> Covers,
    string Scope,
    bool Verify,
    bool CertifiedOnly = false);

/// <summary>Date-dependent facts about countries the rules need: EU and EEA membership, adequacy decisions.</summary>
public sealed record CountryFacts(
    ImmutableArray<Membership> EuMemberships,
    ImmutableArray<Membership> EeaMemberships,
    ImmutableArray<AdequacyDecision> Adequacy)
{
    /// <summary>
    /// Territories with their own ISO code and the state they belong to (outermost regions and Åland are EU
    /// territory; overseas countries and territories are not). Empty when the facts list none.
    /// </summary>
    public Territories Territories { get; init; } = Territories.None;

    /// <summary>
    /// True for a member state on the date, and for EU territory with its own code (RE, AX, …) while its state is a
    /// member: such a territory is never a third country.
    /// </summary>
    public bool IsEuMember(CountryCode country, DateOnly date) =>
        EuMemberships.Any(m => m.Country == country && m.Period.Contains(date))
        || (Territories.EuStateOf(country, date) is { } state && EuMemberships.Any(m => m.Country == state && m.Period.Contains(date)));

    /// <summary>EEA: the EU member states plus the EEA-only members (Iceland, Liechtenstein, Norway).</summary>
    public bool IsEeaMember(CountryCode country, DateOnly date) =>
        IsEuMember(country, date) || EeaMemberships.Any(m => m.Country == country && m.Period.Contains(date));

    /// <summary>The decision covering a recipient under this legal regime (certified or not) on the date, if any.</summary>
    public AdequacyDecision? AdequacyFor(CountryCode country, DataProtectionRegime regime, bool certified, DateOnly date) =>
        Adequacy.FirstOrDefault(a => a.Country == country && a.Period.Contains(date) && a.Covers.Contains(regime) && (certified || !a.CertifiedOnly));

    /// <summary>
    /// Periods in which a country had left the EU but references to member states in Union law still included
    /// it (the UK, 2020-02-01 to 2020-12-31, Withdrawal Agreement art. 127(6) and 7(1)).
    /// </summary>
    public ImmutableArray<Membership> EuTransitions { get; init; } = [];

    public bool IsInEuTransition(CountryCode country, DateOnly date) =>
        !IsEuMember(country, date) && EuTransitions.Any(m => m.Country == country && m.Period.Contains(date));

    public ImmutableSortedSet<CountryCode> EuMembersOn(DateOnly date) =>
        [.. EuMemberships.Where(m => m.Period.Contains(date)).Select(m => m.Country)];
}
