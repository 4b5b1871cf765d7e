using System.Collections.Immutable;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Parties;

/// <summary>Whether the Union's treaties apply to a territory that has its own ISO 3166-1 code.</summary>
public enum TerritoryStatus
{
    /// <summary>Part of a member state's EU territory (an outermost region, TFEU art. 349 and 355(1), or Åland, art. 355(4)).</summary>
    EuTerritory,

    /// <summary>An overseas country or territory (TFEU art. 355(2), Annex II): associated, not EU territory in general.</summary>
    OverseasCountryOrTerritory,
}

/// <summary>
/// A territory with its own ISO code that belongs to a state: for example Réunion (RE) is French EU territory,
/// Greenland (GL) a Danish overseas country that is not EU territory. <paramref name="Period"/> bounds the status
/// (both ends inclusive): Mayotte became an outermost region on 2014-01-01, Saint-Barthélemy left on 2012-01-01.
/// </summary>
public sealed record Territory(
    CountryCode Code,
    CountryCode State,
    TerritoryStatus Status,
    DateInterval Period,
    string Reference,
    bool Verify);

/// <summary>The territories the country facts know, with the date-dependent mapping routing and the rules use.</summary>
public sealed record Territories(ImmutableArray<Territory> Entries)
{
    public static Territories None { get; } = new([]);

    /// <summary>The entry for a code on a date, or null when the code is not a listed territory on that date.</summary>
    public Territory? Find(CountryCode code, DateOnly date) =>
        Entries.IsDefaultOrEmpty ? null : Entries.FirstOrDefault(t => t.Code == code && t.Period.Contains(date));

    /// <summary>The member state whose EU territory <paramref name="code"/> is on the date, or null when it is not EU territory of another state.</summary>
    public CountryCode? EuStateOf(CountryCode code, DateOnly date) =>
        Find(code, date) is { Status: TerritoryStatus.EuTerritory } t ? t.State : null;

    /// <summary>
    /// The country whose national CSIRT serves <paramref name="code"/> on the date: the member state for EU
    /// territory with its own code (RE → FR, AX → FI), otherwise the code itself (an overseas country or territory
    /// is its own country for routing).
    /// </summary>
    public CountryCode RoutingCountryOf(CountryCode code, DateOnly date) => EuStateOf(code, date) ?? code;
}

/// <summary>
/// Codes that address datasets use in the country field but that name no country: <c>EU</c> (the RIRs' and
/// DB-IP's code for ranges used across the European Union), <c>AP</c> (Asia/Pacific), <c>ZZ</c> and <c>XX</c>
/// (unknown). An address carrying one is not attributable to a country. <c>XK</c> (Kosovo) is a user-assigned
/// code for a real territory and is treated as a country.
/// </summary>
public static class PseudoCountryCodes
{
    private static readonly ImmutableSortedDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        ["EU"] = "the address data says 'EU' (a range used across the European Union), which is not a country",
        ["AP"] = "the address data says 'AP' (a range used across Asia and the Pacific), which is not a country",
        ["ZZ"] = "the address data says 'ZZ' (unknown or unassigned), which is not a country",
        ["XX"] = "the address data says 'XX' (unknown), which is not a country",
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> All => Reasons.Keys;

    public static bool IsPseudo(CountryCode code) => code.Value is { } v && Reasons.ContainsKey(v);

    /// <summary>Why an address with this code is not attributable to a country, or null for a real country code.</summary>
    public static string? ReasonFor(CountryCode code) => code.Value is { } v ? Reasons.GetValueOrDefault(v) : null;
}
