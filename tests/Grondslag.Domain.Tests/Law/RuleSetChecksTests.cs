using Grondslag.Domain.Law;
using static Grondslag.Domain.Tests.Law.TestBooks;

namespace Grondslag.Domain.Tests.Law;

public sealed class RuleSetChecksTests
{
    [Fact]
    public void Conflicts_DisjointConditions_NoConflict()
    {
        var set = new RuleSet("s", TestBooks.Nl("S"), RuleSetRole.Regime, "s.yaml",
        [
            Rule("a", Verdict.Permitted, [Is(FactCatalogue.RecipientEuMember, "true")]),
            Rule("b", Verdict.Prohibited, [Is(FactCatalogue.RecipientEuMember, "false")]),
        ]);

        Assert.Empty(RuleSetChecks.Conflicts(set));
    }

    [Fact]
    public void Conflicts_OverlapWithoutOverride_IsReportedWithAnExample()
    {
        var set = new RuleSet("s", TestBooks.Nl("S"), RuleSetRole.Regime, "s.yaml",
        [
            Rule("a", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "national-csirt")]),
            Rule("b", Verdict.Prohibited, [Is(FactCatalogue.RecipientEuMember, "false")]),
        ]);

        var conflict = Assert.Single(RuleSetChecks.Conflicts(set));

        Assert.True(conflict.Example.TryGet(FactCatalogue.RecipientKind, out var kind) && kind == "national-csirt");
        Assert.True(conflict.Example.TryGet(FactCatalogue.RecipientEuMember, out var eu) && eu == "false");
    }

    [Fact]
    public void Conflicts_OverlapResolvedByOverride_NoConflict()
    {
        var set = new RuleSet("s", TestBooks.Nl("S"), RuleSetRole.Regime, "s.yaml",
        [
            Rule("a", Verdict.Permitted, [Is(FactCatalogue.RecipientKind, "national-csirt")], overrides: ["b"]),
            Rule("b", Verdict.Prohibited, [Is(FactCatalogue.RecipientEuMember, "false")]),
        ]);

        Assert.Empty(RuleSetChecks.Conflicts(set));
    }

    [Fact]
    public void Conflicts_OverlapOnlyInImpossibleFacts_NoConflict()
    {
        // Aggregate-only information is never provider-traceable, so these can never both apply.
        var set = new RuleSet("s", TestBooks.Nl("S"), RuleSetRole.Regime, "s.yaml",
        [
            Rule("a", Verdict.Permitted, [Is(FactCatalogue.AggregateOnly, "true")]),
            Rule("b", Verdict.Prohibited, [Is(FactCatalogue.ProviderTraceable, "true")]),
        ]);

        Assert.Empty(RuleSetChecks.Conflicts(set));
    }

    [Fact]
    public void Conflicts_NonOverlappingValidity_NoConflict()
    {
        var set = new RuleSet("s", TestBooks.Nl("S"), RuleSetRole.Regime, "s.yaml",
        [
            Rule("a", Verdict.Permitted, [], valid: new Domain.Time.DateInterval(null, new DateOnly(2020, 1, 31))),
            Rule("b", Verdict.Prohibited, [], valid: new Domain.Time.DateInterval(new DateOnly(2020, 2, 1), null)),
        ]);

        Assert.Empty(RuleSetChecks.Conflicts(set));
    }

    [Fact]
    public void OverrideCycle_IsFound()
    {
        var set = new RuleSet("s", TestBooks.Nl("S"), RuleSetRole.Regime, "s.yaml",
        [
            Rule("a", Verdict.Permitted, [], overrides: ["b"]),
            Rule("b", Verdict.Permitted, [], overrides: ["a"]),
        ]);

        Assert.NotNull(RuleSetChecks.OverrideCycle(set));
    }

    [Fact]
    public void Rule_WithoutCitation_CannotExist()
    {
        Assert.Throws<ArgumentException>(() => new Rule("x", TestBooks.Nl("x"), [], Domain.Time.DateInterval.Always, [], Verdict.Permitted, [], [], [], TestBooks.Nl("e"), false));
    }

    [Fact]
    public void FactConstraint_UnknownValue_CannotExist()
    {
        Assert.Throws<ArgumentException>(() => Is(FactCatalogue.RecipientKind, "spaceship"));
        Assert.Throws<ArgumentException>(() => Is("recipient.mood", "happy"));
    }
}
