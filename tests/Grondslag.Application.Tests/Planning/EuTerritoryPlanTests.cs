using Grondslag.Application.Planning;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Parties;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Tests.Planning;

/// <summary>
/// EU territory with its own ISO code and pseudo-codes, planned with the real rules and registry over an invented
/// address world (block <c>i</c> is (20+i).0.0.0/16 with <see cref="Codes"/>[i]) — legal review 2, §6.
/// </summary>
public sealed class EuTerritoryPlanTests
{
    private static readonly string[] Codes = ["FR", "RE", "GP", "MQ", "GF", "YT", "MF", "AX", "FI", "GL", "CW", "EU", "AP"];

    private static readonly DateOnly Day = new(2024, 6, 10);

    private static readonly Lazy<AddressTables> Tables = new(() =>
    {
        var countries = new CountryTableBuilder();
        for (var i = 0; i < Codes.Length; i++)
        {
            countries.Add(Address(i, 0), Address(i, 65535), CountryCode.Parse(Codes[i]));
        }

        var identity = new DatasetIdentity("synthetic", "1", new string('0', 64));
        return new AddressTables(countries.Build(identity), new AsnTableBuilder().Build(identity));
    });

    private static readonly Lazy<SharingPlan> Planned = new(() =>
    {
        var list = IndicatorListParser.Parse("territories.txt", string.Join('\n', Enumerable.Range(0, Codes.Length).SelectMany(i => new[] { Address(i, 1), Address(i, 2) })));
        var registry = PartyRegistryLoader.LoadFile(Path.Combine(TestEnvironment.Root, "parties", "default.yaml"));
        var request = new PlanRequest(list, Day, null, InformationClasses.CompromisedDeviceList, OriginatorConditions.Default);
        return PlanSharing.Plan(request, Tables.Value, registry, TestEnvironment.Evaluator);
    });

    private static CountryFacts Facts => TestEnvironment.Evaluator.Book.Countries;

    [Theory]
    [InlineData("RE", "FR")]
    [InlineData("GP", "FR")]
    [InlineData("MQ", "FR")]
    [InlineData("GF", "FR")]
    [InlineData("YT", "FR")]
    [InlineData("MF", "FR")]
    [InlineData("AX", "FI")]
    public void CountryFacts_OutermostRegionsAndAland_AreTheirMemberStatesEuTerritory(string code, string state)
    {
        var territory = Facts.Territories.Find(CountryCode.Parse(code), Day);

        Assert.NotNull(territory);
        Assert.Equal(TerritoryStatus.EuTerritory, territory.Status);
        Assert.Equal(state, territory.State.Value);
        Assert.Matches(@"TFEU art\. (349, )?355\((1|4)\)", territory.Reference);
        Assert.True(Facts.IsEuMember(CountryCode.Parse(code), Day));
    }

    [Theory]
    [InlineData("GL")]
    [InlineData("AW")]
    [InlineData("CW")]
    [InlineData("SX")]
    [InlineData("BQ")]
    [InlineData("PF")]
    [InlineData("NC")]
    [InlineData("BL")]
    public void CountryFacts_OverseasCountriesAndTerritories_AreNotEuTerritoryAndMarkedVerify(string code)
    {
        var territory = Facts.Territories.Find(CountryCode.Parse(code), Day);

        Assert.NotNull(territory);
        Assert.Equal(TerritoryStatus.OverseasCountryOrTerritory, territory.Status);
        Assert.True(territory.Verify);
        Assert.False(Facts.IsEuMember(CountryCode.Parse(code), Day));
    }

    [Fact]
    public void CountryFacts_EveryEuTerritory_BelongsToAMemberStateThroughoutItsPeriod()
    {
        foreach (var t in Facts.Territories.Entries.Where(t => t.Status == TerritoryStatus.EuTerritory))
        {
            var from = t.Period.From ?? new DateOnly(1958, 1, 1);
            Assert.True(Facts.EuMemberships.Any(m => m.Country == t.State && m.Period.Contains(from)), $"{t.Code}: {t.State} is not a member on {from}");
            Assert.True(Facts.IsEuMember(t.Code, from), t.Code.Value);
        }
    }

    [Theory]
    [InlineData("RE")]
    [InlineData("GF")]
    [InlineData("AX")]
    public void Assess_RecipientInEuTerritory_IsJudgedAsItsMemberStateNeverAsAThirdCountry(string code)
    {
        var state = Facts.Territories.EuStateOf(CountryCode.Parse(code), Day)!.Value;
        AssessmentRequest For(CountryCode country) => new(InformationClasses.CompromisedDeviceList, OriginatorConditions.Default,
            RecipientProfile.Of($"a national CSIRT in {country}", RecipientKind.NationalCsirt, country), true, Day);

        var territory = TestEnvironment.Evaluator.Assess(For(CountryCode.Parse(code)));
        var member = TestEnvironment.Evaluator.Assess(For(state));

        Assert.Equal(member.Verdict, territory.Verdict);
        Assert.Equal(member.DeterminingRules.Select(r => r.Id), territory.DeterminingRules.Select(r => r.Id));
        Assert.DoesNotContain("not an EU member state", territory.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EuTerritoryAddresses_GoToTheMemberStatesCsirtPermitted()
    {
        var plan = Planned.Value;

        var france = Assert.Single(plan.Recipients, r => r.Party.Id == "cert-fr");
        Assert.Equal(["FR", "GF", "GP", "MF", "MQ", "RE", "YT"], france.Share.ByCountry().Keys.Select(c => c.Value));
        Assert.Equal(14, france.Share.Count);
        Assert.True(france.Share.OwnConstituency);
        Assert.Equal(Verdict.Permitted, france.Assessment.Verdict);
        Assert.Contains(france.Assessment.DeterminingRules, d => d.Id == "wbni.20-2.eu-national-csirt");
        var finland = Assert.Single(plan.Recipients, r => r.Party.Id == "ncsc-fi");
        Assert.Equal(["AX", "FI"], finland.Share.ByCountry().Keys.Select(c => c.Value));
    }

    [Fact]
    public void Plan_OverseasTerritoriesAndPseudoCodes_AreNoRecipientYetAndNotAttributable()
    {
        var plan = Planned.Value;

        Assert.Equal(["CW", "GL"], plan.NoRecipientYet.Select(n => n.Country.Value));
        Assert.All(plan.NoRecipientYet, n => Assert.Equal(2, n.Count));
        Assert.Equal(["AP", "EU"], plan.NotAttributable.Select(n => n.Code!.Value.Value));
        Assert.Contains("'EU'", plan.NotAttributable.Single(n => n.Code!.Value.Value == "EU").Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Recipients, r => r.Share.Indexes.Any(i => plan.Attribution.CountryOf(i) is null));
        Assert.All(plan.Unserved, u => Assert.DoesNotContain(u.Country.Value, new[] { "RE", "GP", "MQ", "GF", "YT", "MF", "AX" }));
        var json = PlanJson.ToJson(plan);
        Assert.Equal(4, (int)json["attribution"]!["notAttributableToCountry"]!["count"]!);
        Assert.Equal(4, (int)json["noRecipientYet"]!["count"]!);
        Assert.Equal(2, (int)json["noRecipientYet"]!["byCountry"]!["GL"]!);
    }

    private static IpAddress Address(int block, int offset) => IpAddress.FromIPv4((uint)((20 + block) << 24) | (uint)offset);
}
