using System.Collections.Immutable;

namespace Grondslag.Domain.Law;

/// <summary>Whether a rule set is a legal regime (gives the basis) or an overlay that can only restrict.</summary>
public enum RuleSetRole
{
    /// <summary>A regime (Wbni, Cbw): one is in force on a date and must give an answer.</summary>
    Regime,

    /// <summary>An overlay (GDPR chapter V, originator conditions): applies on top of any regime and never permits more.</summary>
    Overlay,
}

/// <summary>A named, validated set of rules from one data file.</summary>
public sealed record RuleSet
{
    public RuleSet(string id, string title, RuleSetRole role, string sourceFile, ImmutableArray<Rule> rules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (rules.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"Rule set '{id}' has no rules.", nameof(rules));
        }

        Id = id;
        Title = title;
        Role = role;
        SourceFile = sourceFile;
        Rules = rules;
    }

    public string Id { get; }
    public string Title { get; }
    public RuleSetRole Role { get; }

    /// <summary>The file the rules came from, relative to the rules directory (for error messages and audits).</summary>
    public string SourceFile { get; }

    public ImmutableArray<Rule> Rules { get; }

    public Rule? Find(string ruleId) => Rules.FirstOrDefault(r => string.Equals(r.Id, ruleId, StringComparison.Ordinal));
}
