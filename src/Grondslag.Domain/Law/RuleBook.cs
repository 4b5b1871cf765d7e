using System.Collections.Immutable;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Text;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Law;

/// <summary>When a regime is in force. A regime whose start is not yet fixed (the Cbw) is what-if only.</summary>
public sealed record RegimePeriod(string RegimeId, DateOnly? EntryIntoForce, string? Succeeds, string EntryIntoForceSource);

/// <summary>
/// An amendment whose entry into force changes answers inside a regime (bill 36 084 amending Wbni art. 3(2)
/// and 20(2)). Its date is configuration: while <see cref="EntryIntoForce"/> is unknown, the amendment's
/// in-force fact is unknown on every day from <see cref="NotBefore"/>, and the evaluator fails closed
/// wherever that decides the answer.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>wbni-36084</c>.</param>
/// <param name="EntryIntoForce">First day in force, or null when not configured.</param>
/// <param name="NotBefore">A day before which it cannot have been in force (the bill did not yet exist).</param>
/// <param name="Source">Where the date (or its absence) comes from.</param>
public sealed record AmendmentPeriod(string Id, DateOnly? EntryIntoForce, DateOnly? NotBefore, string Source)
{
    /// <summary>The configuration key and environment variable suffix for bill 36 084.</summary>
    public const string Wbni36084 = "wbni-36084";

    /// <summary>True or false when known on the date; null inside the window of doubt.</summary>
    public bool? InForceOn(DateOnly date) =>
        EntryIntoForce is { } start ? date >= start
        : NotBefore is { } earliest && date < earliest ? false
        : null;
}

/// <summary>The party to offer as "another party with the right authority" (Wiv 2017 route).</summary>
public sealed record AuthorisedPartyRoute(string Name, RecipientKind Kind, CountryCode Country, Citation OnwardBasis, LocalText Description);

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

    /// <summary>Bill 36 084 (Wbni art. 3(2)(e), 20(2)(d)); unknown date by default.</summary>
    public AmendmentPeriod Bill36084 { get; init; } = new(AmendmentPeriod.Wbni36084, null, null, "not configured");

    /// <summary>The safety properties the loader proved for this book, in words (printed by <c>rules check</c>).</summary>
    public ImmutableArray<string> Proofs { get; init; } = [];

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
            Fold(Sha256, $"{regimeId}.entry-into-force={date:yyyy-MM-dd}"))
        {
            Bill36084 = Bill36084,
            Proofs = Proofs,
        };

    /// <summary>
    /// A copy with bill 36 084's entry into force set (configuration, like the Cbw's date); folded into the
    /// version hash because it changes answers.
    /// </summary>
    public RuleBook WithBill36084(DateOnly date, string source) =>
        new(Regimes, Overlays, Calendar, Countries, AuthorisedParty, Fold(Sha256, $"{AmendmentPeriod.Wbni36084}.entry-into-force={date:yyyy-MM-dd}"))
        {
            Bill36084 = Bill36084 with { EntryIntoForce = date, Source = source },
            Proofs = Proofs,
        };

    private static string Fold(string sha, string setting) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{sha}\n{setting}")));
}
