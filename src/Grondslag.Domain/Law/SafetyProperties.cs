using System.Collections.Immutable;
using Grondslag.Domain.Parties;

namespace Grondslag.Domain.Law;

/// <summary>A rule that breaks a safety property, with the field to fix and an example of the facts.</summary>
public sealed record SafetyViolation(Rule Rule, string Field, string Message, FactValues? Example);

/// <summary>
/// Safety properties every activatable rule set must satisfy. They live in code, not in the rule data, so
/// changing one is a reviewed code change, never a side effect of editing a rule file (legal review 2, §11).
/// <list type="bullet">
/// <item>(a) Confidential, provider-traceable information never gets <c>permitted</c> or <c>conditional</c> for a
/// recipient outside the limited circle of Wbni art. 20(2) (<see cref="InCircle"/>), for every recipient kind,
/// on any date, whether or not bill 36 084 is in force. Proved by enumerating the finite fact space.</item>
/// <item>(b) A regime rule that permits (or permits on conditions) names the NCSC task under which it does so
/// (<see cref="LegalTasks"/>), a task of its own regime.</item>
/// <item>(c) A rule set comes with scenarios (checked by the loader, which sees the files).</item>
/// </list>
/// </summary>
public static class SafetyProperties
{
    /// <summary>The facts the circle is defined on: always enumerated, whether a rule tests them or not.</summary>
    public static ImmutableArray<string> CircleFacts { get; } =
    [
        FactCatalogue.RecipientKind, FactCatalogue.RecipientDomestic, FactCatalogue.RecipientEuMember,
        FactCatalogue.RecipientDesignated, FactCatalogue.ShareOwnConstituency, FactCatalogue.Wbni36084InForce,
        FactCatalogue.RecipientEntity,
    ];

    public const string CircleWords =
        "the art. 20(2) circle: national CSIRTs of other EU member states; Dutch computercrisisteams with a designation valid on the date; " +
        "Dutch vital providers and central-government bodies about their own systems; the Dutch intelligence and security services (AIVD, MIVD); " +
        "and, once bill 36 084 is in force, Dutch OKTTs with a valid designation and (on conditions only, art. 3(2)(e)) a Dutch provider about its own systems. " +
        "Under the Cbw what-if also a Dutch essential or important entity about its own systems, and a third country's national CSIRT on conditions only (NIS2 art. 10(7))";

    /// <summary>
    /// Whether a recipient described by complete facts is inside the limited circle for confidential,
    /// provider-traceable information under the regime, for a rule with this outcome. An unknown fact counts
    /// as "outside". Any regime other than the Cbw is held to the Wbni's circle, the strictest.
    /// </summary>
    public static bool InCircle(string regimeId, FactValues facts, Verdict outcome)
    {
        bool Is(string fact) => facts.TryGet(fact, out var v) && v == "true";
        if (!facts.TryGet(FactCatalogue.RecipientKind, out var kindText) || !RecipientKinds.TryParse(kindText, out var kind))
        {
            return false;
        }

        var cbw = string.Equals(regimeId, "cbw", StringComparison.Ordinal);
        var domestic = Is(FactCatalogue.RecipientDomestic);
        var own = Is(FactCatalogue.ShareOwnConstituency);
        var designated = Is(FactCatalogue.RecipientDesignated);
        var amended = cbw || Is(FactCatalogue.Wbni36084InForce);
        return kind switch
        {
            RecipientKind.NationalCsirt => !domestic && (Is(FactCatalogue.RecipientEuMember) || (cbw && outcome == Verdict.Conditional)),
            RecipientKind.DesignatedCsirt => domestic && designated,
            RecipientKind.Oktt => domestic && designated && amended,
            RecipientKind.VitalProvider or RecipientKind.CentralGovernment => domestic && own,
            RecipientKind.IntelligenceService => domestic,
            RecipientKind.Provider => domestic && own && (cbw ? Is(FactCatalogue.RecipientEntity) : amended && outcome == Verdict.Conditional),
            RecipientKind.InternetAccessProvider => false,
            RecipientKind.LawEnforcement => false,
            RecipientKind.Public => false,
        };
    }

    /// <summary>Property (b): permitting regime rules without a (known, own-regime) task.</summary>
    public static IEnumerable<SafetyViolation> TaskViolations(RuleSet regime)
    {
        if (regime.Role != RuleSetRole.Regime)
        {
            yield break;
        }

        foreach (var rule in regime.Rules.Where(r => r.Outcome is Verdict.Permitted or Verdict.Conditional))
        {
            if (rule.Task is null)
            {
                yield return new SafetyViolation(rule, "task",
                    $"the rule is {rule.Outcome.ToWire()} but names no NCSC task; a permission needs a task, not only the absence of a restriction. Add 'task:' with one of: {string.Join(", ", LegalTasks.All.Where(t => t.RegimeId == regime.Id).Select(t => t.Id))}, or make the outcome advice-required or prohibited",
                    null);
            }
            else if (LegalTasks.Find(rule.Task) is not { } task)
            {
                yield return new SafetyViolation(rule, "task", $"'{rule.Task}' is not a known task; use one of: {LegalTasks.WireList}", null);
            }
            else if (!string.Equals(task.RegimeId, regime.Id, StringComparison.Ordinal))
            {
                yield return new SafetyViolation(rule, "task", $"'{rule.Task}' is a task under the {task.RegimeId} regime, not under {regime.Id}", null);
            }
        }
    }

    /// <summary>
    /// Property (a), proved exhaustively: every consistent assignment of the facts the regime tests and the
    /// circle is defined on, with the information confidential and provider-traceable, on one day of every
    /// stretch in which the set of rules in force is constant. Returns the violations (one example per rule)
    /// and how many fact combinations were examined.
    /// </summary>
    public static (ImmutableArray<SafetyViolation> Violations, int Combinations) ProveCircle(RuleSet regime)
    {
        if (regime.Role != RuleSetRole.Regime)
        {
            return ([], 0);
        }

        var fixedFacts = new FactValues(ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal))
            .With(FactCatalogue.Confidential, "true")
            .With(FactCatalogue.ProviderTraceable, "true");
        var facts = regime.Rules.SelectMany(r => r.When).Select(c => c.Fact)
            .Concat(CircleFacts)
            .Where(f => f is not FactCatalogue.Confidential and not FactCatalogue.ProviderTraceable)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var assignments = facts.Aggregate(
                (IEnumerable<FactValues>)[fixedFacts],
                (acc, fact) => acc.SelectMany(f => FactCatalogue.Get(fact).Values.Select(v => f.With(fact, v))).Where(RuleSetChecks.IsConsistent))
            .ToList();
        var days = RepresentativeDays(regime);
        var violations = new Dictionary<string, SafetyViolation>(StringComparer.Ordinal);
        var combinations = 0;
        foreach (var day in days)
        {
            var inForce = regime.Rules.Where(r => r.Validity.Contains(day)).ToList();
            foreach (var assignment in assignments)
            {
                combinations++;
                var applicable = inForce.Where(r => r.When.All(c => assignment.TryGet(c.Fact, out var v) && c.IsSatisfiedBy(v))).ToList();
                foreach (var rule in applicable)
                {
                    if (rule.Outcome is not (Verdict.Permitted or Verdict.Conditional)
                        || violations.ContainsKey(rule.Id)
                        || applicable.Any(o => o.Overrides.Contains(rule.Id, StringComparer.Ordinal))
                        || InCircle(regime.Id, assignment, rule.Outcome))
                    {
                        continue;
                    }

                    var example = string.Join(", ", assignment.Values.Where(kv => CircleFacts.Contains(kv.Key) || rule.When.Any(c => c.Fact == kv.Key)).Select(kv => $"{kv.Key} = {kv.Value}"));
                    violations[rule.Id] = new SafetyViolation(rule, "when",
                        $"safety property (a) is violated: the rule gives {rule.Outcome.ToWire()} for confidential, provider-traceable information to a recipient outside {CircleWords} " +
                        $"(for example on {day:yyyy-MM-dd} when {example}). Narrow its 'when' tests (e.g. recipient.domestic: true, recipient.designated: true, recipient.eu-member: true) " +
                        "or make its outcome advice-required or prohibited; the circle itself is code (SafetyProperties), changed only by a reviewed code change",
                        assignment);
                }
            }
        }

        return ([.. violations.Values.OrderBy(v => regime.Rules.IndexOf(v.Rule))], combinations);
    }

    /// <summary>One day from every stretch between the validity boundaries of the rules.</summary>
    public static ImmutableArray<DateOnly> RepresentativeDays(RuleSet set)
    {
        var boundaries = new SortedSet<DateOnly> { DateOnly.MinValue };
        foreach (var rule in set.Rules)
        {
            if (rule.Validity.From is { } from)
            {
                boundaries.Add(from);
            }

            if (rule.Validity.To is { } to && to < DateOnly.MaxValue)
            {
                boundaries.Add(to.AddDays(1));
            }
        }

        return [.. boundaries];
    }
}
