using Grondslag.Application;
using Grondslag.Application.Cases;
using Grondslag.Domain.Law;
using Grondslag.Rules;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages.Admin;

/// <summary>The rule sets in force with each rule's citation and verify flag, and the legal scenarios run against them now.</summary>
[Authorize(Policy = WebComposition.Administrators)]
public sealed class RulesModel(ISharingContext sharing, IConfiguration configuration) : PageModel
{
    private ILookup<string, ScenarioResult> _byRule = Array.Empty<ScenarioResult>().ToLookup(r => "");

    public RuleBook Book => sharing.Evaluator.Book;

    public IReadOnlyList<ScenarioResult> Unlinked { get; private set; } = [];

    public IReadOnlyList<ScenarioResult> ScenariosOf(string ruleId) => [.. _byRule[ruleId]];

    public void OnGet()
    {
        var results = Scenarios.LoadAll(RulesLocation.Resolve(configuration[ServerKeys.RulesDirectory]))
            .Select(s => Scenarios.Run(sharing.Evaluator, s)).ToList();
        _byRule = results.SelectMany(r => r.Assessment.DeterminingRules.Select(d => (d.Id, r))).ToLookup(x => x.Id, x => x.r, StringComparer.Ordinal);
        Unlinked = [.. results.Where(r => r.Assessment.DeterminingRules.IsEmpty)];
    }
}
