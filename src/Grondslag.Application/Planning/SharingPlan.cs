using System.Collections.Immutable;
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
public sealed record UnservedCountry(CountryCode Country, int Count, string Reason, ImmutableArray<Alternative> Alternatives);

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
        var partition = Partition.Create(attribution, registry);
        var recipients = ImmutableArray.CreateBuilder<RecipientPlan>();
        var lawful = new bool[attribution.Count];
        foreach (var share in partition.Shares)
        {
            var assessment = evaluator.Assess(RequestFor(share.Party, request, ownConstituency: true));
            recipients.Add(new RecipientPlan(share.Party, share, assessment));
            if (assessment.Verdict is Verdict.Permitted or Verdict.Conditional)
            {
                foreach (var i in share.Indexes)
                {
                    lawful[i] = true;
                }
            }
        }

        var unservedCounts = new SortedDictionary<CountryCode, int>();
        var unknown = 0;
        var without = 0;
        for (var i = 0; i < lawful.Length; i++)
        {
            if (lawful[i])
            {
                continue;
            }

            without++;
            if (attribution.CountryOf(i) is { } country)
            {
                unservedCounts[country] = unservedCounts.GetValueOrDefault(country) + 1;
            }
            else
            {
                unknown++;
            }
        }

        var unserved = ImmutableArray.CreateBuilder<UnservedCountry>();
        foreach (var (country, count) in unservedCounts)
        {
            var national = recipients.FirstOrDefault(r => r.Party.Kind == RecipientKind.NationalCsirt && r.Party.CountriesServed.Contains(country));
            if (national is not null)
            {
                unserved.Add(new UnservedCountry(country, count,
                    $"{national.Party.Name}: {national.Assessment.Verdict.ToWire()} ({string.Join("; ", national.Assessment.DeterminingRules.Select(r => r.Id))})",
                    national.Assessment.Alternatives));
            }
            else
            {
                // No party serves this country: ask what the engine would say of its national CSIRT, for the alternatives.
                var hypothetical = evaluator.Assess(new AssessmentRequest(request.Classes, request.Originator,
                    RecipientProfile.Of($"the national CSIRT of {country}", RecipientKind.NationalCsirt, country), true, request.Date, request.RegimeOverride));
                unserved.Add(new UnservedCountry(country, count,
                    $"no recipient for {country} in the party registry (its national CSIRT would be {hypothetical.Verdict.ToWire()})",
                    hypothetical.Alternatives));
            }
        }

        return new SharingPlan(request, attribution, partition, evaluator.Book, recipients.ToImmutable(), without, unserved.ToImmutable(), unknown);
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
            PartyId: party.Id);
}
