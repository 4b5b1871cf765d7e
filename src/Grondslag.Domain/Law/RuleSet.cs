using System.Collections.Immutable;
using Grondslag.Domain.Text;

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
    public RuleSet(string id, LocalText title, RuleSetRole role, string sourceFile, ImmutableArray<Rule> rules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(title);
        if (rules.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"Rule set '{id}' has no rules.", nameof(rules));
        }

        Id = id;
        TitleText = title;
        Role = role;
        SourceFile = sourceFile;
        Rules = rules;
    }

    public string Id { get; }

    /// <summary>The title in English (see <see cref="TitleText"/>).</summary>
    public string Title => TitleText.En;

    /// <summary>The title in English and Dutch, e.g. "Wbni (Wet beveiliging netwerk- en informatiesystemen)".</summary>
    public LocalText TitleText { get; }
    public RuleSetRole Role { get; }

    /// <summary>The file the rules came from, relative to the rules directory (for error messages and audits).</summary>
    public string SourceFile { get; }

    public ImmutableArray<Rule> Rules { get; }

    public Rule? Find(string ruleId) => Rules.FirstOrDefault(r => string.Equals(r.Id, ruleId, StringComparison.Ordinal));
}
