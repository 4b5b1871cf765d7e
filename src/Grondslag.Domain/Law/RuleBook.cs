using System.Collections.Immutable;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Law;

/// <summary>When a regime is in force. A regime whose start is not yet fixed (the Cbw) is what-if only.</summary>
public sealed record RegimePeriod(string RegimeId, DateOnly? EntryIntoForce, string? Succeeds, string EntryIntoForceSource);

/// <summary>The party to offer as "another party with the right authority" (Wiv 2017 route).</summary>
public sealed record AuthorisedPartyRoute(string Name, RecipientKind Kind, CountryCode Country, Citation OnwardBasis, string Description);

/// <summary>
/// Everything the evaluator reasons with: the regimes with their dates, the overlays, the country facts and
/// the alternatives. Its <see cref="Sha256"/> over all source files is the rule-set version every decision records.
/// </summary>
public sealed record RuleBook
{
    public RuleBook(
        ImmutableArray<RuleSet> regimes,
        ImmutableArray<RuleSet> overlays,
        ImmutableArray<RegimePeriod> calendar,
        CountryFacts countries,
        AuthorisedPartyRoute authorisedParty,
        string sha256)
    {
        if (regimes.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A rule book needs at least one regime.", nameof(regimes));
        }

        foreach (var period in calendar)
        {
            if (!regimes.Any(r => r.Id == period.RegimeId))
            {
                throw new ArgumentException($"The calendar names regime '{period.RegimeId}', which has no rule set.", nameof(calendar));
            }
        }

        foreach (var regime in regimes)
        {
            if (!calendar.Any(p => p.RegimeId == regime.Id))
            {
                throw new ArgumentException($"Regime '{regime.Id}' has no entry in the calendar.", nameof(calendar));
            }
        }

        Regimes = regimes;
        Overlays = overlays.IsDefault ? [] : overlays;
        Calendar = calendar;
        Countries = countries;
        AuthorisedParty = authorisedParty;
        Sha256 = sha256;
    }

    public ImmutableArray<RuleSet> Regimes { get; }
    public ImmutableArray<RuleSet> Overlays { get; }
    public ImmutableArray<RegimePeriod> Calendar { get; }
    public CountryFacts Countries { get; }
    public AuthorisedPartyRoute AuthorisedParty { get; }

    /// <summary>Content hash (hex) of every file the book was loaded from: the rule-set version.</summary>
    public string Sha256 { get; }

    public RuleSet? Regime(string id) => Regimes.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

    /// <summary>The days on which a regime is in force, derived from its own entry into force and its successor's.</summary>
    public DateInterval? InForce(string regimeId)
    {
        var period = Calendar.FirstOrDefault(p => p.RegimeId == regimeId);
        if (period?.EntryIntoForce is not { } start)
        {
            return null;
        }

        var successor = Calendar.FirstOrDefault(p => p.Succeeds == regimeId && p.EntryIntoForce is not null);
        var end = successor?.EntryIntoForce?.AddDays(-1);
        return end is { } e && e < start ? null : new DateInterval(start, end);
    }

    /// <summary>The regime in force on a date, or null when none is (before the Wbni, or a gap).</summary>
    public RuleSet? RegimeInForce(DateOnly date) =>
        Regimes.FirstOrDefault(r => InForce(r.Id) is { } period && period.Contains(date));

    /// <summary>
    /// A copy with a regime's entry into force set (configuration, e.g. the Cbw's date once published).
    /// The configured date changes answers, so it is folded into the version hash.
    /// </summary>
    public RuleBook WithEntryIntoForce(string regimeId, DateOnly date, string source) =>
        new(
            Regimes,
            Overlays,
            [.. Calendar.Select(p => p.RegimeId == regimeId ? p with { EntryIntoForce = date, EntryIntoForceSource = source } : p)],
            Countries,
            AuthorisedParty,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes($"{Sha256}\n{regimeId}.entry-into-force={date:yyyy-MM-dd}"))));
}
