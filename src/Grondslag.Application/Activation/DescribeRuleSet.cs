using System.Collections.Immutable;
using Grondslag.Application.Cases;

namespace Grondslag.Application.Activation;

/// <summary>One regime of the rule set in force: its rules and, if configured, its entry into force.</summary>
public sealed record RegimeSummary(string Id, string Title, int Rules, string? InForce);

/// <summary>The rule set in force on this node (the activated version): its hash, regimes, overlays and rules still to verify.</summary>
public sealed record RuleSetSummary(string Sha256, ImmutableArray<RegimeSummary> Regimes, ImmutableArray<string> Overlays, int RulesToVerify);

/// <summary>Describes the rule set in force (what administrators and auditors see before and after an activation).</summary>
public interface IDescribeRuleSet
{
    RuleSetSummary Execute();
}

/// <inheritdoc cref="IDescribeRuleSet"/>
public sealed class DescribeRuleSet(ISharingContext sharing) : IDescribeRuleSet
{
    public RuleSetSummary Execute()
    {
        var book = sharing.Evaluator.Book;
        return new RuleSetSummary(
            book.Sha256,
            [.. book.Regimes.Select(r => new RegimeSummary(r.Id, r.Title, r.Rules.Length, book.InForce(r.Id)?.ToString()))],
            [.. book.Overlays.Select(o => o.Id)],
            book.Regimes.Concat(book.Overlays).SelectMany(s => s.Rules).Count(r => r.Verify));
    }
}
