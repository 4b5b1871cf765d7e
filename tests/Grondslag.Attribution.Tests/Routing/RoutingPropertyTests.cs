using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Routing;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tests.Routing;

/// <summary>A random list over the synthetic world, routed on a random day with one of several registries.</summary>
public sealed record RoutingCase(ImmutableArray<IpAddress> Addresses, DateOnly Date, string RegistryName)
{
    public override string ToString() => $"{Addresses.Length} addresses on {Date:yyyy-MM-dd} with registry '{RegistryName}'";
}

/// <summary>Properties of routing that must hold for every list, date and registry (legal review 2, §5 and §6).</summary>
public sealed class RoutingPropertyTests
{
    private static readonly PartyRegistry Default = PartyRegistryLoader.LoadFile(PartyRegistryLoader.DefaultPath);

    /// <summary>The default registry; one without CERT-FR; one with a second, unmarked NCSC-NL built in code (bypassing the loader).</summary>
    private static readonly ImmutableDictionary<string, PartyRegistry> Registries = new Dictionary<string, PartyRegistry>
    {
        ["default"] = Default,
        ["without-cert-fr"] = new("without-cert-fr", Default.Sha256, [.. Default.Parties.Where(p => p.Id != "cert-fr")]),
        ["with-unmarked-ncsc"] = new("with-unmarked-ncsc", Default.Sha256,
            [.. Default.Parties, new Party("ncsc-nl-unmarked", "NCSC-NL without the self marker", RecipientKind.NationalCsirt, CountryCode.Netherlands)]),
    }.ToImmutableDictionary();

    public static Arbitrary<RoutingCase> Cases() =>
        (from picks in Gen.NonEmptyListOf(Gen.Zip(Gen.Choose(0, SyntheticWorld.Codes.Length), Gen.Choose(0, 65535)))
         from day in Gen.Choose(0, 365 * 30)
         from registry in Gen.Elements(Registries.Keys.Order(StringComparer.Ordinal).ToArray())
         select new RoutingCase(
             [.. picks.Select(p => SyntheticWorld.Address(p.Item1, p.Item2)).Distinct()],
             new DateOnly(2000, 1, 1).AddDays(day),
             registry)).ToArbitrary();

    private static Partition Route(RoutingCase c) =>
        Partition.Create(SyntheticWorld.Attribute(c.Addresses), Registries[c.RegistryName], SyntheticWorld.Territories, c.Date);

    [Property(Arbitrary = [typeof(RoutingPropertyTests)], MaxTest = 200)]
    public void Create_AnyList_EveryAddressIsInAtMostOneNationalCsirtShareOfItsRoutingCountry(RoutingCase c)
    {
        var partition = Route(c);
        var national = partition.Shares.Where(s => s.Party.Kind == RecipientKind.NationalCsirt).ToList();

        for (var i = 0; i < partition.Source.Count; i++)
        {
            var holders = national.Where(s => s.Indexes.Contains(i)).ToList();
            Assert.True(holders.Count <= 1, $"{partition.Source.Addresses[i]} is in {holders.Count} national CSIRT shares");
            if (holders.Count == 1)
            {
                Assert.Contains(partition.RoutingCountryOf(i)!.Value, holders[0].Party.CountriesServed);
            }
        }
    }

    [Property(Arbitrary = [typeof(RoutingPropertyTests)], MaxTest = 200)]
    public void Create_AnyList_NoShareIsEverMadeForNcscNl(RoutingCase c)
    {
        var partition = Route(c);

        Assert.DoesNotContain(partition.Shares, s => s.Party.Self || s.Party.Id.StartsWith("ncsc-nl", StringComparison.Ordinal));
        Assert.DoesNotContain(partition.Shares, s => s.Party.Kind == RecipientKind.NationalCsirt && s.Party.Country == CountryCode.Netherlands);
    }

    [Property(Arbitrary = [typeof(RoutingPropertyTests)], MaxTest = 200)]
    public void Create_AnyList_EveryDutchAddressIsInAConstituencyShareOrCountedAsNoRecipientYet(RoutingCase c)
    {
        var partition = Route(c);
        var withoutShare = 0;

        for (var i = 0; i < partition.Source.Count; i++)
        {
            if (partition.Source.CountryOf(i) != CountryCode.Netherlands)
            {
                continue;
            }

            var holders = partition.Shares.Where(s => s.Indexes.Contains(i)).ToList();
            Assert.All(holders, s => Assert.NotEqual(RecipientKind.NationalCsirt, s.Party.Kind));
            Assert.All(holders, s => Assert.True(s.MatchedBy.HasFlag(RouteMatch.Asn) || s.MatchedBy.HasFlag(RouteMatch.Prefix)));
            withoutShare += holders.Count == 0 ? 1 : 0;
        }

        Assert.Equal(withoutShare, partition.NoRecipientYet.GetValueOrDefault(CountryCode.Netherlands));
    }

    [Property(Arbitrary = [typeof(RoutingPropertyTests)], MaxTest = 200)]
    public void Create_AnyList_EveryEuTerritoryAddressGoesToItsMemberStatesCsirtAsItsOwnConstituency(RoutingCase c)
    {
        var partition = Route(c);
        var registry = Registries[c.RegistryName];

        for (var i = 0; i < partition.Source.Count; i++)
        {
            if (partition.Source.CountryOf(i) is not { } code || SyntheticWorld.Territories.EuStateOf(code, c.Date) is not { } state)
            {
                continue;
            }

            var csirt = registry.NationalCsirtsOf(state).SingleOrDefault();
            var share = csirt is null ? null : partition.ShareOf(csirt.Id);
            if (csirt is null)
            {
                Assert.True(partition.NoRecipientYet.ContainsKey(code), $"{code} has no recipient but is not reported as such");
                continue;
            }

            Assert.NotNull(share);
            Assert.Contains(i, share.Indexes);
            Assert.True(share.OwnConstituency, $"{csirt.Id}'s share with {code} addresses is not its own constituency");
        }
    }

    [Property(Arbitrary = [typeof(RoutingPropertyTests)], MaxTest = 200)]
    public void Create_AnyList_PseudoCodedAddressesAreNotAttributableToACountry(RoutingCase c)
    {
        var partition = Route(c);
        var source = partition.Source;
        var pseudo = Enumerable.Range(0, source.Count).Where(i => source.DatasetCodeOf(i) is { } code && PseudoCountryCodes.IsPseudo(code)).ToList();

        Assert.All(pseudo, i => Assert.Null(source.CountryOf(i)));
        Assert.All(pseudo, i => Assert.DoesNotContain(partition.Shares, s => s.Party.Kind == RecipientKind.NationalCsirt && s.Indexes.Contains(i)));
        Assert.Equal(pseudo.Count, source.NotACountry.Values.Sum());
        Assert.DoesNotContain(source.ByCountry.Keys, PseudoCountryCodes.IsPseudo);
        Assert.Equal(source.Count, source.ByCountry.Values.Sum() + source.NotAttributableToCountry);
    }

    [Property(Arbitrary = [typeof(RoutingPropertyTests)], MaxTest = 200)]
    public void Create_AnyList_EveryShareIsItsPartysOwnConstituency(RoutingCase c)
    {
        Assert.All(Route(c).Shares, s => Assert.True(s.OwnConstituency, s.Party.Id));
    }

    /// <summary>
    /// The per-country counts are taken per country index (issue 15); they must equal what counting each address
    /// through <see cref="AttributedAddresses.CountryOf"/> gives, which is how they were counted before.
    /// </summary>
    [Property(Arbitrary = [typeof(RoutingPropertyTests)], MaxTest = 200)]
    public void Create_AnyList_AddressesWithoutAnyShareCountedPerCountryAsOneByOne(RoutingCase c)
    {
        var partition = Route(c);
        var source = partition.Source;
        var inShare = new bool[source.Count];
        foreach (var i in partition.Shares.SelectMany(s => s.Indexes))
        {
            inShare[i] = true;
        }

        var expected = new SortedDictionary<CountryCode, int>();
        var expectedWithout = 0;
        for (var i = 0; i < source.Count; i++)
        {
            if (inShare[i])
            {
                continue;
            }

            if (source.CountryOf(i) is { } country)
            {
                expected[country] = expected.GetValueOrDefault(country) + 1;
            }
            else
            {
                expectedWithout++;
            }
        }

        Assert.Equal(expected, partition.WithoutAnyPartyByCountry);
        Assert.Equal(expected.Values.Sum() + expectedWithout, partition.WithoutAnyParty);
        var (counted, without) = source.CountWhere(inShare, false);
        Assert.Equal(expected, counted);
        Assert.Equal(expectedWithout, without);
    }
}
