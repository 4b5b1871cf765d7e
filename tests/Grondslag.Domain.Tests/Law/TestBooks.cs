using Grondslag.Domain.Text;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Tests.Law;

/// <summary>Small rule books built in code, so engine behaviour is tested apart from the shipped rule files.</summary>
internal static class TestBooks
{
    public static readonly Citation Cite = new("Testwet", "1", null, null, "TEST", "a quote", false);

    public static FactConstraint Is(string fact, params string[] values) => new(fact, [.. values]);

    public static Rule Rule(string id, Verdict outcome, FactConstraint[] when, string[]? overrides = null, RequiredCondition[]? conditions = null, DateInterval? valid = null, AlternativeKind[]? alternatives = null) =>
        new(id, Nl(id), [Cite], valid ?? DateInterval.Always, [.. when], outcome, [.. conditions ?? []], [.. overrides ?? []], [.. alternatives ?? []],
            new($"explanation of {id} for {{recipient}} in {{country}}", $"toelichting bij {id} voor {{recipient}} in {{country}}"), false);

    /// <summary>A test text in both languages (the Dutch marked, so a test can tell which one it got).</summary>
    public static LocalText Nl(string en) => new(en, "nl: " + en);

    public static RuleBook Book(RuleSet regime, params RuleSet[] overlays) =>
        new([regime], [.. overlays], [new RegimePeriod(regime.Id, new DateOnly(2018, 11, 9), null, "test")], Countries,
            new AuthorisedPartyRoute("AIVD / MIVD", RecipientKind.IntelligenceService, CountryCode.Netherlands, Cite, Nl("their law")), "testhash");

    public static readonly CountryFacts Countries = new(
        [new Membership(CountryCode.Parse("FR"), new DateInterval(new DateOnly(1958, 1, 1), null), "x"),
         new Membership(CountryCode.Parse("NL"), new DateInterval(new DateOnly(1958, 1, 1), null), "x"),
         new Membership(CountryCode.Parse("GB"), new DateInterval(new DateOnly(1973, 1, 1), new DateOnly(2020, 1, 31)), "x")],
        [new Membership(CountryCode.Parse("NO"), new DateInterval(new DateOnly(1994, 1, 1), null), "x")],
        [new AdequacyDecision(CountryCode.Parse("GB"), "2021/1772", new DateInterval(new DateOnly(2021, 6, 28), null), [DataProtectionRegime.PublicAuthority], "all", false)]);

    public static AssessmentRequest Request(string kind = "national-csirt", string country = "FR", DateOnly? date = null, bool? own = true, InformationClass[]? classes = null) =>
        new([.. classes ?? [InformationClass.ProviderTraceable, InformationClass.Confidential, InformationClass.PersonalDataPossible]],
            OriginatorConditions.Default,
            new RecipientProfile("Recipient", RecipientKinds.TryParse(kind, out var k) ? k : null, CountryCode.TryParse(country, out var c) ? c : null, [], []),
            own,
            date ?? new DateOnly(2024, 6, 10));
}
