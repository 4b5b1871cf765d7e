using System.Collections.Immutable;

namespace Grondslag.Domain.Law;

/// <summary>A pair of rules that can both apply with different outcomes while neither is declared an exception to the other.</summary>
public sealed record RuleConflict(Rule First, Rule Second, FactValues Example);

/// <summary>
/// Static checks of a rule set that need no scenario: unresolved conflicts (proved by enumerating the
/// finite fact domains), overrides naming unknown rules, and override cycles.
/// </summary>
public static class RuleSetChecks
{
    /// <summary>Facts that constrain each other; an overlap test enumerates a whole group at once.</summary>
    private static readonly ImmutableArray<ImmutableArray<string>> Groups =
    [
        [FactCatalogue.ProviderTraceable, FactCatalogue.Confidential, FactCatalogue.PersonalData, FactCatalogue.PersonalDataPossible, FactCatalogue.PersonalDataNotExcluded, FactCatalogue.AggregateOnly],
        [FactCatalogue.RecipientDomestic, FactCatalogue.RecipientEuMember, FactCatalogue.RecipientEeaMember, FactCatalogue.RecipientAdequacy, FactCatalogue.RecipientEuTransition],
    ];

    /// <summary>Whether a (partial) assignment of facts can occur in a real assessment.</summary>
    public static bool IsConsistent(FactValues facts)
    {
        bool? Get(string name) => facts.TryGet(name, out var v) ? v == "true" : null;
        var pt = Get(FactCatalogue.ProviderTraceable);
        var conf = Get(FactCatalogue.Confidential);
        var pd = Get(FactCatalogue.PersonalData);
        var pdp = Get(FactCatalogue.PersonalDataPossible);
        var pdne = Get(FactCatalogue.PersonalDataNotExcluded);
        var agg = Get(FactCatalogue.AggregateOnly);
        if (pd is { } a && pdp is { } b && pdne is { } c && c != (a || b))
        {
            return false;
        }

        if (agg == true && (pt == true || conf == true || pd == true || pdp == true || pdne == true))
        {
            return false;
        }

        if (agg == false && pt == false && conf == false && pd == false && pdp == false)
        {
            return false;
        }

        var domestic = Get(FactCatalogue.RecipientDomestic);
        var eu = Get(FactCatalogue.RecipientEuMember);
        var eea = Get(FactCatalogue.RecipientEeaMember);
        var adequacy = Get(FactCatalogue.RecipientAdequacy);
        var transition = Get(FactCatalogue.RecipientEuTransition);
        return !(domestic == true && eu == false)
            && !(eu == true && eea == false)
            && !(eea == true && adequacy == true)
            && !(transition == true && (eu == true || eea == true || domestic == true));
    }

    /// <summary>Every pair of rules that can both apply on some day with different outcomes, unresolved by an override.</summary>
    public static IEnumerable<RuleConflict> Conflicts(RuleSet set)
    {
        var rules = set.Rules;
        for (var i = 0; i < rules.Length; i++)
        {
            for (var j = i + 1; j < rules.Length; j++)
            {
                var a = rules[i];
                var b = rules[j];
                if (a.Outcome == b.Outcome || !a.Validity.Overlaps(b.Validity)
                    || a.Overrides.Contains(b.Id, StringComparer.Ordinal) || b.Overrides.Contains(a.Id, StringComparer.Ordinal))
                {
                    continue;
                }

                if (Overlap(a, b) is { } example)
                {
                    yield return new RuleConflict(a, b, example);
                }
            }
        }
    }

    /// <summary>A consistent assignment of facts under which both rules apply, or null when none exists.</summary>
    public static FactValues? Overlap(Rule a, Rule b)
    {
        var constraints = a.When.Concat(b.When).GroupBy(c => c.Fact, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Allowed).Aggregate((x, y) => x.Intersect(y)), StringComparer.Ordinal);
        if (constraints.Values.Any(v => v.IsEmpty))
        {
            return null;
        }

        var facts = constraints.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var group in Groups.Where(g => g.Any(facts.Contains)))
        {
            facts.UnionWith(group);
        }

        var assignments = facts.Order(StringComparer.Ordinal).Aggregate(
            (IEnumerable<FactValues>)[new FactValues(ImmutableSortedDictionary<string, string>.Empty)],
            (acc, fact) => acc.SelectMany(f =>
                (constraints.TryGetValue(fact, out var allowed) ? allowed.AsEnumerable() : FactCatalogue.Get(fact).Values)
                .Select(v => f.With(fact, v))));
        return assignments.FirstOrDefault(IsConsistent);
    }

    /// <summary>Overrides that name a rule not in the set.</summary>
    public static IEnumerable<(Rule Rule, string Missing)> DanglingOverrides(RuleSet set) =>
        set.Rules.SelectMany(r => r.Overrides.Where(o => set.Find(o) is null).Select(o => (r, o)));

    /// <summary>A rule that, through overrides, ends up overriding itself.</summary>
    public static Rule? OverrideCycle(RuleSet set)
    {
        foreach (var start in set.Rules)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var frontier = new Queue<string>(start.Overrides);
            while (frontier.TryDequeue(out var id))
            {
                if (id == start.Id)
                {
                    return start;
                }

                if (seen.Add(id) && set.Find(id) is { } next)
                {
                    foreach (var o in next.Overrides)
                    {
                        frontier.Enqueue(o);
                    }
                }
            }
        }

        return null;
    }
}
