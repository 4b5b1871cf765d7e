using Grondslag.Application.Planning;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Tests.Planning;

/// <summary>
/// The plan assesses the hypothetical national CSIRT of an unserved country once per set of derived facts. That is sound only
/// if two such countries with the same facts get the same verdict and the same alternatives; checked here against a direct
/// assessment of every country of the address data, on dates before and after the EU's changes, under both regimes.
/// </summary>
public sealed class HypotheticalAssessmentTests
{
    [Theory]
    [InlineData("2024-06-10", null)]
    [InlineData("2019-06-01", null)]
    [InlineData("2024-06-10", "cbw")]
    public void HypotheticalNationalCsirt_SameDerivedFacts_SameVerdictAndAlternatives(string date, string? regime)
    {
        var evaluator = TestEnvironment.Evaluator;
        var list = IndicatorListParser.Parse("t.txt", "8.8.8.8\n");
        var request = new PlanRequest(list, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), regime,
            InformationClasses.CompromisedDeviceList, OriginatorConditions.Default);
        var countries = TestEnvironment.Tables.Countries.Codes.Skip(1)
            .Select(c => CountryCode.TryParse(c, out var code) ? code : (CountryCode?)null)
            .OfType<CountryCode>()
            .Where(c => !PseudoCountryCodes.IsPseudo(c))
            .ToList();
        Assert.True(countries.Count > 200, $"only {countries.Count} countries in the address data");

        var first = new Dictionary<string, (CountryCode Country, string Outcome)>(StringComparer.Ordinal);
        foreach (var country in countries)
        {
            var hypothetical = PlanSharing.HypotheticalNationalCsirt(request, country);
            var outcome = Outcome(evaluator.Assess(hypothetical));
            var key = PlanSharing.FactsKey(evaluator, hypothetical);
            if (first.TryGetValue(key, out var earlier))
            {
                Assert.True(earlier.Outcome == outcome, $"{country} and {earlier.Country} have the same facts but different outcomes:\n{outcome}\n{earlier.Outcome}");
            }
            else
            {
                first[key] = (country, outcome);
            }
        }

        // The saving is real: far fewer fact sets than countries.
        Assert.InRange(first.Count, 1, countries.Count / 10);
    }

    private static string Outcome(Assessment a) =>
        $"{a.Verdict} {a.Failure}\n" + string.Join('\n', a.Alternatives.Select(x =>
            $"{x.Kind} {x.Verdict} {x.From} {x.Regime} {x.RegimeNl} {x.Description} {x.DescriptionNl} {string.Join(';', x.Basis.Select(b => b.Short))}"));
}
