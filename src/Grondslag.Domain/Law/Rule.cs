using System.Collections.Immutable;
using Grondslag.Domain.Text;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Law;

/// <summary>One test in a rule's condition: the fact must take one of the allowed values.</summary>
public sealed record FactConstraint
{
    public FactConstraint(string fact, ImmutableSortedSet<string> allowed)
    {
        if (!FactCatalogue.TryGet(fact, out var definition))
        {
            throw new ArgumentException($"Unknown fact '{fact}'.", nameof(fact));
        }

        if (allowed.IsEmpty)
        {
            throw new ArgumentException($"The constraint on '{fact}' allows no value at all.", nameof(allowed));
        }

        var unknown = allowed.Where(v => !definition.Values.Contains(v)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"'{string.Join("', '", unknown)}' is not a value of '{fact}'; it takes {string.Join(", ", definition.Values)}.",
                nameof(allowed));
        }

        Fact = fact;
        Allowed = allowed;
    }

    public string Fact { get; }
    public ImmutableSortedSet<string> Allowed { get; }

    public bool IsSatisfiedBy(string value) => Allowed.Contains(value);

    public string Describe() => Allowed.Count == 1 ? $"{Fact} = {Allowed[0]}" : $"{Fact} in [{string.Join(", ", Allowed)}]";
}

/// <summary>Who may confirm a condition of a conditional verdict.</summary>
public enum ConditionConfirmer
{
    /// <summary>Any official handling the case, with a reference.</summary>
    Official,

    /// <summary>Only a legal adviser, with a reference (e.g. the GDPR chapter V transfer ground).</summary>
    LegalAdviser,
}

/// <summary>Wire names of <see cref="ConditionConfirmer"/> (<c>confirmable-by</c> in the rule files and the API).</summary>
public static class ConditionConfirmers
{
    public static string ToWire(this ConditionConfirmer confirmer) => confirmer switch
    {
        ConditionConfirmer.Official => "official",
        ConditionConfirmer.LegalAdviser => "legal-adviser",
    };

    public static bool TryParse(string? text, out ConditionConfirmer confirmer)
    {
        foreach (var candidate in Enum.GetValues<ConditionConfirmer>())
        {
            if (string.Equals(candidate.ToWire(), text?.Trim(), StringComparison.Ordinal))
            {
                confirmer = candidate;
                return true;
            }
        }

        confirmer = default;
        return false;
    }
}

/// <summary>Something that must be confirmed before a conditional share may go out.</summary>
/// <param name="Id">Stable id, e.g. <c>gdpr-transfer-ground</c>.</param>
/// <param name="Description">What has to be confirmed, in words, in English and Dutch.</param>
/// <param name="MetByFact">A boolean fact that, when true, already meets the condition (e.g. a recorded cooperation relationship).</param>
/// <param name="ConfirmableBy">Who may confirm it; the workflow must refuse a confirmation by anyone else. Every confirmation carries a reference.</param>
public sealed record RequiredCondition(string Id, LocalText Description, string? MetByFact, ConditionConfirmer ConfirmableBy = ConditionConfirmer.Official);

/// <summary>Lawful alternatives a refusal can point to; the evaluator checks each before offering it.</summary>
public enum AlternativeKind
{
    /// <summary>Share counts only, identifying no provider or person.</summary>
    AggregateOnly,

    /// <summary>Give the information to a party with the authority to pass it on under its own law (AIVD/MIVD, Wiv 2017).</summary>
    AuthorisedParty,

    /// <summary>Wait for (or look ahead to) the regime that would change the answer, e.g. the Cbw.</summary>
    AwaitRegime,

    /// <summary>Ask the legal and NCTV advisers.</summary>
    SeekAdvice,
}

/// <summary>Wire names of <see cref="AlternativeKind"/> (as in the rule files and the API).</summary>
public static class AlternativeKinds
{
    public static IReadOnlyList<AlternativeKind> All { get; } = Enum.GetValues<AlternativeKind>();

    public static string ToWire(this AlternativeKind kind) => kind switch
    {
        AlternativeKind.AggregateOnly => "aggregate-only",
        AlternativeKind.AuthorisedParty => "authorised-party",
        AlternativeKind.AwaitRegime => "await-regime",
        AlternativeKind.SeekAdvice => "seek-advice",
    };

    public static AlternativeKind Parse(string text)
    {
        foreach (var kind in All)
        {
            if (string.Equals(kind.ToWire(), text, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        throw new ArgumentException($"'{text}' is not an alternative; use {string.Join(", ", All.Select(k => k.ToWire()))}.", nameof(text));
    }
}

/// <summary>
/// One rule of a rule set: when its condition holds on a date inside its validity, it yields its outcome,
/// unless a rule that explicitly overrides it also applies.
/// </summary>
public sealed record Rule
{
    public Rule(
        string id,
        LocalText title,
        ImmutableArray<Citation> citations,
        DateInterval validity,
        ImmutableArray<FactConstraint> when,
        Verdict outcome,
        ImmutableArray<RequiredCondition> conditions,
        ImmutableArray<string> overrides,
        ImmutableArray<AlternativeKind> alternatives,
        LocalText explanation,
        bool verify,
        string? task = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(explanation);
        if (citations.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"Rule '{id}' cites nothing; every rule must cite its source.", nameof(citations));
        }

        if (outcome == Verdict.Conditional && conditions.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"Rule '{id}' is conditional but lists no conditions.", nameof(conditions));
        }

        if (outcome != Verdict.Conditional && !conditions.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"Rule '{id}' lists conditions but its outcome is {outcome.ToWire()}, not conditional.", nameof(conditions));
        }

        var duplicate = when.GroupBy(c => c.Fact, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Rule '{id}' tests '{duplicate.Key}' twice; list all allowed values in one test.", nameof(when));
        }

        Id = id;
        TitleText = title;
        Citations = citations;
        Validity = validity;
        When = when.IsDefault ? [] : when;
        Outcome = outcome;
        Conditions = conditions.IsDefault ? [] : conditions;
        Overrides = overrides.IsDefault ? [] : overrides;
        Alternatives = alternatives.IsDefault ? [] : alternatives;
        ExplanationText = explanation;
        Verify = verify || citations.Any(c => c.Verify);
        Task = string.IsNullOrWhiteSpace(task) ? null : task.Trim();
    }

    /// <summary>
    /// The NCSC task (e.g. <c>wbni.3-2-b</c>, see <see cref="LegalTasks"/>) a permitting or conditional regime rule
    /// rests on; the loader refuses such a rule without one. Null for refusals and overlays.
    /// </summary>
    public string? Task { get; }

    public string Id { get; }

    /// <summary>The title in English (see <see cref="TitleText"/> for both languages).</summary>
    public string Title => TitleText.En;

    /// <summary>The title in English and Dutch; the loader requires both.</summary>
    public LocalText TitleText { get; }
    public ImmutableArray<Citation> Citations { get; }

    /// <summary>Days on which the rule can apply (both ends inclusive).</summary>
    public DateInterval Validity { get; }

    /// <summary>All tests must hold (a conjunction); no tests means "always".</summary>
    public ImmutableArray<FactConstraint> When { get; }

    public Verdict Outcome { get; }
    public ImmutableArray<RequiredCondition> Conditions { get; }

    /// <summary>Ids of rules this rule sets aside when both apply: explicit exceptions.</summary>
    public ImmutableArray<string> Overrides { get; }

    public ImmutableArray<AlternativeKind> Alternatives { get; }

    /// <summary>Plain-language explanation in English and Dutch; may use {recipient}, {kind}, {country}, {date}, {regime}.</summary>
    public LocalText ExplanationText { get; }

    /// <summary>The explanation template in English.</summary>
    public string Explanation => ExplanationText.En;

    /// <summary>True where our reading is unconfirmed (any cited source marked verify makes the rule so).</summary>
    public bool Verify { get; }

    /// <summary>The constraint that fails first for these facts, or null when all hold or are unknown.</summary>
    public IEnumerable<(FactConstraint Constraint, string? Actual)> FailingConstraints(FactValues facts) =>
        When.Select(c => (c, facts.TryGet(c.Fact, out var v) ? v : null))
            .Where(x => x.Item2 is not null && !x.c.IsSatisfiedBy(x.Item2));
}
