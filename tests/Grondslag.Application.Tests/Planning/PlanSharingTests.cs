using Grondslag.Application.Planning;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Tests.Planning;

/// <summary>The COATHANGER-shaped example, planned under the Wbni on 2024-06-10 with real data, rules and parties.</summary>
public sealed class PlanSharingTests
{
    private static readonly Lazy<SharingPlan> Coathanger = new(() => Plan(new DateOnly(2024, 6, 10), null));

    private static SharingPlan Plan(DateOnly date, string? regime)
    {
        var list = IndicatorListParser.Parse("coathanger-2024.txt", File.ReadAllText(Path.Combine(TestEnvironment.Root, "examples", "coathanger-2024.txt")));
        var registry = PartyRegistryLoader.LoadFile(Path.Combine(TestEnvironment.Root, "parties", "default.yaml"));
        var request = new PlanRequest(list, date, regime, InformationClasses.CompromisedDeviceList, OriginatorConditions.Default);
        return PlanSharing.Plan(request, TestEnvironment.Tables, registry, TestEnvironment.Evaluator);
    }

    [Fact]
    public void Plan_Coathanger2024_EveryEuCsirtGetsItsOwnSharePermitted()
    {
        var plan = Coathanger.Value;
        var eu = TestEnvironment.Evaluator.Book.Countries.EuMembersOn(new DateOnly(2024, 6, 10));
        // NCSC-NL is the Netherlands' national CSIRT, never its own recipient (legal review 2, §5): other member states only.
        var euShares = plan.Recipients.Where(r => r.Party.Kind == RecipientKind.NationalCsirt && eu.Contains(r.Party.Country) && r.Party.Country != CountryCode.Netherlands).ToList();
        Assert.All(plan.Recipients.Where(r => r.Party.Kind == RecipientKind.NationalCsirt && r.Party.Country == CountryCode.Netherlands),
            r => Assert.Equal(Verdict.Prohibited, r.Assessment.Verdict));

        Assert.True(euShares.Count >= 20, $"only {euShares.Count} EU CSIRT shares");
        foreach (var r in euShares)
        {
            Assert.Equal(Verdict.Permitted, r.Assessment.Verdict);
            Assert.Contains(r.Assessment.DeterminingRules, d => d.Id == "wbni.20-2.eu-national-csirt");
            Assert.Equal(plan.Attribution.ByCountry[r.Party.Country], r.Share.Count);
            Assert.All(r.Share.Indexes, i => Assert.Equal(r.Party.Country, plan.Partition.RoutingCountryOf(i)));
            Assert.True(r.Share.OwnConstituency);
        }
    }

    [Theory]
    [InlineData("CA")]
    [InlineData("JP")]
    [InlineData("GB")]
    [InlineData("US")]
    public void Plan_Coathanger2024_ThirdCountryCsirtIsProhibitedWithAlternatives(string country)
    {
        var plan = Coathanger.Value;

        var r = Assert.Single(plan.Recipients, r => r.Party.Kind == RecipientKind.NationalCsirt && r.Party.Country.Value == country);

        Assert.True(r.Share.Count > 0);
        Assert.Equal(Verdict.Prohibited, r.Assessment.Verdict);
        Assert.Contains(r.Assessment.DeterminingRules, d => d.Id == "wbni.20-2.non-eu-national-csirt");
        // Legal review 2: aggregate figures to a third-country CSIRT are no NCSC task (the advisers decide), and the
        // originator's purpose "inform victims" binds AIVD/MIVD too (its consent is the condition).
        Assert.Contains(r.Assessment.Alternatives, a => a.Kind == AlternativeKind.AggregateOnly && a.Verdict == Verdict.AdviceRequired
            && a.Description.Contains("counts per country", StringComparison.Ordinal));
        Assert.Contains(r.Assessment.Alternatives, a => a.Kind == AlternativeKind.AuthorisedParty && a.Verdict == Verdict.Conditional);
        var unserved = Assert.Single(plan.Unserved, u => u.Country.Value == country);
        Assert.Equal(r.Share.Count, unserved.Count);
    }

    [Fact]
    public void Plan_Coathanger2024_TotalsAddUp()
    {
        var plan = Coathanger.Value;
        var input = plan.Request.Indicators;

        Assert.Equal(20_000, input.Accepted);
        Assert.Equal(input.Accepted, plan.Attribution.ByCountry.Values.Sum() + plan.Attribution.NotAttributableToCountry);
        Assert.Equal(plan.Attribution.NotAttributableToCountry, plan.NotAttributable.Sum(n => n.Count));
        Assert.Equal(plan.Partition.WithoutAnyParty - plan.Attribution.NotAttributableToCountry, plan.NoRecipientYet.Sum(n => n.Count));
        Assert.Equal(plan.WithoutLawfulRecipient, plan.Unserved.Sum(u => u.Count) + plan.UnservedUnknownCountry);
        var lawfullyServed = plan.Recipients
            .Where(r => r.Assessment.Verdict is Verdict.Permitted or Verdict.Conditional)
            .SelectMany(r => r.Share.Indexes)
            .Distinct()
            .Count();
        Assert.Equal(input.Accepted, lawfullyServed + plan.WithoutLawfulRecipient);
        Assert.True(plan.Attribution.ByCountry.Count >= 45, $"only {plan.Attribution.ByCountry.Count} countries");
    }

    [Fact]
    public void Plan_RecordsDatasetRuleSetAndRegistryVersions()
    {
        var plan = Coathanger.Value;

        Assert.Equal("2.3.2026061719", plan.Dataset.Version);
        Assert.Matches("^[0-9a-f]{64}$", plan.Dataset.Sha256);
        Assert.Equal(TestEnvironment.Evaluator.Book.Sha256, plan.Book.Sha256);
        Assert.Matches("^[0-9a-f]{64}$", plan.Partition.Registry.Sha256);
        Assert.All(plan.Recipients, r => Assert.Equal(plan.Book.Sha256, r.Assessment.RuleSetSha256));
    }

    [Fact]
    public void Plan_CbwWhatIf_ThirdCountryCsirtsBecomeConditional()
    {
        var plan = Plan(new DateOnly(2024, 6, 10), "cbw");

        foreach (var country in new[] { "CA", "JP", "GB", "US" })
        {
            var r = Assert.Single(plan.Recipients, r => r.Party.Kind == RecipientKind.NationalCsirt && r.Party.Country.Value == country);
            Assert.Equal(Verdict.Conditional, r.Assessment.Verdict);
            Assert.Contains(r.Assessment.Conditions, c => c.Id == "tlp-marking" && !c.Met);
        }
    }

    [Fact]
    public void Plan_Coathanger2024_NcscNlReceivesNothingAndEveryDutchAddressIsAccountedFor()
    {
        var plan = Coathanger.Value;

        Assert.DoesNotContain(plan.Recipients, r => r.Party.Id == "ncsc-nl" || r.Party.Self);
        Assert.DoesNotContain(plan.Recipients, r => r.Party.Kind == RecipientKind.NationalCsirt && r.Party.Country == CountryCode.Netherlands);
        var dutch = Enumerable.Range(0, plan.Attribution.Count).Where(i => plan.Attribution.CountryOf(i) == CountryCode.Netherlands).ToList();
        var inConstituencyShare = dutch.Count(i => plan.Recipients.Any(r => r.Party.Country == CountryCode.Netherlands && r.Share.Indexes.Contains(i)));
        var none = Assert.Single(plan.NoRecipientYet, n => n.Country == CountryCode.Netherlands);

        Assert.Equal(plan.Attribution.ByCountry[CountryCode.Netherlands], dutch.Count);
        Assert.Equal(dutch.Count, inConstituencyShare + none.Count);
        Assert.True(none.Count > 0 && inConstituencyShare > 0, $"{none.Count} without and {inConstituencyShare} with a constituency party");
        Assert.Contains("NCSC-NL is the sender", none.Reason, StringComparison.Ordinal);
        Assert.Contains(plan.Recipients, r => r.Party.Kind == RecipientKind.InternetAccessProvider && r.Share.Count > 0);
        Assert.All(plan.Recipients, r => Assert.True(r.Share.OwnConstituency, r.Party.Id));
    }

    [Fact]
    public void Plan_CountryWithoutNationalCsirt_IsNoRecipientYetWithItsCount()
    {
        var plan = Coathanger.Value;

        var china = Assert.Single(plan.NoRecipientYet, n => n.Country.Value == "CN");
        Assert.Equal(plan.Attribution.ByCountry[china.Country], china.Count);
        Assert.Contains("no national CSIRT for CN", china.Reason, StringComparison.Ordinal);
    }
}
