using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Routing;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Application.Planning;

/// <summary>What to plan: which list, on which date, under which regime, with what the originator attached.</summary>
public sealed record PlanRequest(
    IndicatorList Indicators,
    DateOnly Date,
    string? RegimeOverride,
    ImmutableSortedSet<InformationClass> Classes,
    OriginatorConditions Originator);

/// <summary>One recipient's share and the engine's verdict on it.</summary>
public sealed record RecipientPlan(Party Party, Share Share, Assessment Assessment);

/// <summary>Addresses that reach no recipient lawfully, per country, with what the engine offers instead.</summary>
/// <param name="ReasonNl">The reason in Dutch.</param>
public sealed record UnservedCountry(CountryCode Country, int Count, string Reason, ImmutableArray<Alternative> Alternatives, string? ReasonNl = null);

/// <summary>
/// "No recipient yet": addresses of a country that no party in the registry covers (for the Netherlands: no
/// constituency party; NCSC-NL is the sender and never receives a share). Nothing is shared with anyone for them.
/// </summary>
/// <param name="ReasonNl">The reason in Dutch.</param>
public sealed record NoRecipientCountry(CountryCode Country, int Count, string Reason, string? ReasonNl = null);

/// <summary>Addresses not attributable to a country: the dataset has no range (<see cref="Code"/> null) or gives a pseudo-code such as <c>EU</c>.</summary>
public sealed record NotAttributableToCountry(CountryCode? Code, int Count, string Reason);

/// <summary>
/// The sharing plan of one indicator list: each recipient's own share with its verdict, basis and explanation,
/// and what no recipient may lawfully receive. It decides nothing by itself: release is a later, recorded step.
/// </summary>
public sealed record SharingPlan(
    PlanRequest Request,
    AttributedAddresses Attribution,
    Partition Partition,
    RuleBook Book,
    ImmutableArray<RecipientPlan> Recipients,
    int WithoutLawfulRecipient,
    ImmutableArray<UnservedCountry> Unserved,
    int UnservedUnknownCountry)
{
    /// <summary>Addresses in no share at all, per country ("no recipient yet"), with counts and the reason.</summary>
    public ImmutableArray<NoRecipientCountry> NoRecipientYet { get; init; } = [];

    /// <summary>Addresses without a country, per reason (no range; each pseudo-code).</summary>
    public ImmutableArray<NotAttributableToCountry> NotAttributable { get; init; } = [];

    /// <summary>One identity for both datasets: name, version, and a hash over both content hashes.</summary>
    public DatasetIdentity Dataset
    {
        get
        {
            var c = Attribution.CountryDataset;
            var a = Attribution.AsnDataset;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{c.Name}@{c.Version}:{c.Sha256}\n{a.Name}@{a.Version}:{a.Sha256}\n")));
            return new DatasetIdentity($"{c.Name} + {a.Name}", c.Version == a.Version ? c.Version : $"{c.Version} / {a.Version}", hash);
        }
    }
}

/// <summary>Use case: attribute, partition and assess an indicator list per recipient.</summary>
public static class PlanSharing
{
    public static SharingPlan Plan(PlanRequest request, AddressTables tables, PartyRegistry registry, LegalEvaluator evaluator)
    {
        var attribution = AttributedAddresses.Attribute(request.Indicators, tables);
        var territories = evaluator.Book.Countries.Territories;
        var partition = Partition.Create(attribution, registry, territories, request.Date);
        var recipients = ImmutableArray.CreateBuilder<RecipientPlan>();
        var lawful = new bool[attribution.Count];
        // The engine is a pure function of the book and the request: the shares (and below, the hypothetical national CSIRTs)
        // are assessed on all cores and taken in their order.
        var shares = partition.Shares;
        var assessments = AssessAll(evaluator, shares.Length, i => RequestFor(shares[i].Party, request, ownConstituency: shares[i].OwnConstituency));
        for (var s = 0; s < shares.Length; s++)
        {
            var share = shares[s];
            var assessment = assessments[s];
            recipients.Add(new RecipientPlan(share.Party, share, assessment));
            if (assessment.Verdict is Verdict.Permitted or Verdict.Conditional)
            {
                foreach (var i in share.Indexes)
                {
                    lawful[i] = true;
                }
            }
        }

        // Counted per country index, not per address in a dictionary: this loop runs once per unique address.
        var (unservedCounts, unknown) = attribution.CountWhere(lawful, false);
        var without = unknown + unservedCounts.Values.Sum();

        var unserved = ImmutableArray.CreateBuilder<UnservedCountry>();
        var countries = unservedCounts.Select(kv => (Country: kv.Key, Count: kv.Value, Routed: territories.RoutingCountryOf(kv.Key, request.Date))).ToList();
        var nationals = countries.Select(c => recipients.FirstOrDefault(r => r.Party.Kind == RecipientKind.NationalCsirt && r.Party.CountriesServed.Contains(c.Routed))).ToList();
        // No party serves such a country: ask what the engine would say of its national CSIRT, for the verdict and the
        // alternatives. These requests differ only in the recipient's name and country, and the verdict and alternatives
        // depend on the recipient only through the facts derived from it (the name is used in the explanation alone), so
        // the countries with the same derived facts share one assessment: a list from 200 countries needs a handful.
        var hypotheticalOf = new int[countries.Count];
        var hypotheticalRequests = new List<AssessmentRequest>();
        var byFacts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < countries.Count; c++)
        {
            hypotheticalOf[c] = -1;
            if (countries[c].Routed != CountryCode.Netherlands && nationals[c] is null)
            {
                var hypothetical = HypotheticalNationalCsirt(request, countries[c].Routed);
                var facts = FactsKey(evaluator, hypothetical);
                if (!byFacts.TryGetValue(facts, out var index))
                {
                    byFacts[facts] = index = hypotheticalRequests.Count;
                    hypotheticalRequests.Add(hypothetical);
                }

                hypotheticalOf[c] = index;
            }
        }

        var hypotheticals = AssessAll(evaluator, hypotheticalRequests.Count, i => hypotheticalRequests[i]);
        for (var c = 0; c < countries.Count; c++)
        {
            var (country, count, routed) = countries[c];
            var national = nationals[c];
            if (routed == CountryCode.Netherlands)
            {
                var none = partition.NoRecipientYet.GetValueOrDefault(country);
                unserved.Add(new UnservedCountry(country, count,
                    none == count ? DutchNoRecipient
                    : string.Create(CultureInfo.InvariantCulture, $"{count - none} are in a Dutch constituency party's share that is not lawful on this date; {none} have {DutchNoRecipient}"),
                    [],
                    none == count ? DutchNoRecipientNl
                    : string.Create(CultureInfo.InvariantCulture, $"{count - none} vallen in het deel van een Nederlandse achterbanpartij dat op deze datum niet rechtmatig is; voor {none} geldt: {DutchNoRecipientNl}")));
            }
            else if (national is not null)
            {
                var rules = string.Join("; ", national.Assessment.DeterminingRules.Select(r => r.Id));
                unserved.Add(new UnservedCountry(country, count,
                    $"{national.Party.Name}: {national.Assessment.Verdict.ToWire()} ({rules})",
                    national.Assessment.Alternatives,
                    $"{national.Party.Name}: {VerdictNl(national.Assessment.Verdict)} ({rules})"));
            }
            else
            {
                var hypothetical = hypotheticals[hypotheticalOf[c]];
                unserved.Add(new UnservedCountry(country, count,
                    $"no recipient for {NameOf(country, routed)} in the party registry (its national CSIRT would be {hypothetical.Verdict.ToWire()})",
                    hypothetical.Alternatives,
                    $"geen ontvanger voor {NameOfNl(country, routed)} in het partijenregister (het nationale CSIRT aldaar zou {VerdictNl(hypothetical.Verdict)} zijn)"));
            }
        }

        return new SharingPlan(request, attribution, partition, evaluator.Book, recipients.ToImmutable(), without, unserved.ToImmutable(), unknown)
        {
            NoRecipientYet = [.. partition.NoRecipientYet.Select(kv => new NoRecipientCountry(kv.Key, kv.Value, NoRecipientReason(kv.Key, territories.RoutingCountryOf(kv.Key, request.Date)), NoRecipientReasonNl(kv.Key, territories.RoutingCountryOf(kv.Key, request.Date))))],
            NotAttributable = NotAttributableOf(attribution),
        };
    }

    /// <summary>The request for the national CSIRT of <paramref name="country"/> when the registry has no party for it.</summary>
    public static AssessmentRequest HypotheticalNationalCsirt(PlanRequest request, CountryCode country) =>
        new(request.Classes, request.Originator, RecipientProfile.Of($"the national CSIRT of {country}", RecipientKind.NationalCsirt, country), true, request.Date, request.RegimeOverride);

    /// <summary>The facts the engine derives from a request, as one text (equal texts: equal facts).</summary>
    public static string FactsKey(LegalEvaluator evaluator, AssessmentRequest request) =>
        string.Join('\n', evaluator.Derive(request).Values.Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>Assesses <paramref name="count"/> requests, in parallel when there are enough to be worth a second core.</summary>
    private static Assessment[] AssessAll(LegalEvaluator evaluator, int count, Func<int, AssessmentRequest> requestAt)
    {
        var assessments = new Assessment[count];
        if (count < 8)
        {
            for (var i = 0; i < count; i++)
            {
                assessments[i] = evaluator.Assess(requestAt(i));
            }
        }
        else
        {
            Parallel.For(0, count, i => assessments[i] = evaluator.Assess(requestAt(i)));
        }

        return assessments;
    }

    /// <summary>Why Dutch addresses outside every constituency have no recipient.</summary>
    public const string DutchNoRecipient =
        "no recipient yet: no Dutch constituency party (vital provider, central government, designated team, OKTT, access provider or the provider itself) covers these addresses; NCSC-NL is the sender and never receives a share";

    /// <summary>Why Dutch addresses outside every constituency have no recipient, in Dutch.</summary>
    public const string DutchNoRecipientNl =
        "nog geen ontvanger: geen Nederlandse partij tot wier achterban deze adressen behoren (vitale aanbieder, rijksoverheid, aangewezen team, OKTT, aanbieder van internettoegangsdiensten of de aanbieder zelf) omvat deze adressen; het NCSC is de verstrekker en ontvangt nooit zelf een deel";

    private static string NoRecipientReasonNl(CountryCode country, CountryCode routed) =>
        routed == CountryCode.Netherlands
            ? DutchNoRecipientNl
            : $"nog geen ontvanger: het partijenregister bevat geen nationaal CSIRT voor {NameOfNl(country, routed)} en geen partij wier netwerken deze adressen omvatten";

    private static string NameOfNl(CountryCode country, CountryCode routed) =>
        country == routed ? country.Value : $"{country} (grondgebied van de Unie dat tot {routed} behoort)";

    private static string VerdictNl(Verdict verdict) => Domain.Text.Labels.Of(verdict).Nl.ToLowerInvariant();

    private static string NoRecipientReason(CountryCode country, CountryCode routed) =>
        routed == CountryCode.Netherlands
            ? DutchNoRecipient
            : $"no recipient yet: the party registry has no national CSIRT for {NameOf(country, routed)} and no party whose networks cover these addresses";

    private static string NameOf(CountryCode country, CountryCode routed) =>
        country == routed ? country.Value : $"{country} (EU territory of {routed})";

    private static ImmutableArray<NotAttributableToCountry> NotAttributableOf(AttributedAddresses attribution)
    {
        var result = ImmutableArray.CreateBuilder<NotAttributableToCountry>();
        if (attribution.UnknownCountry > 0)
        {
            result.Add(new NotAttributableToCountry(null, attribution.UnknownCountry, "the address data has no country for these addresses"));
        }

        foreach (var (code, count) in attribution.NotACountry)
        {
            result.Add(new NotAttributableToCountry(code, count, PseudoCountryCodes.ReasonFor(code)!));
        }

        return result.ToImmutable();
    }

    /// <summary>The engine's view of a registry party as the recipient of its own share.</summary>
    public static AssessmentRequest RequestFor(Party party, PlanRequest request, bool ownConstituency) =>
        new(
            request.Classes,
            request.Originator,
            ProfileOf(party),
            ownConstituency,
            request.Date,
            request.RegimeOverride);

    public static RecipientProfile ProfileOf(Party party) =>
        new(
            party.Name,
            party.Kind,
            party.Country,
            party.Designation is { } d ? [d.Validity] : ImmutableArray<DateInterval>.Empty,
            [.. party.Arrangements.Select(a => a.Validity)],
            DataProtectionRegime: party.DataProtectionRegime,
            DpfCertified: party.DpfCertified,
            EssentialOrImportantEntity: party.EssentialOrImportantEntity,
            PartyId: party.Id);
}
