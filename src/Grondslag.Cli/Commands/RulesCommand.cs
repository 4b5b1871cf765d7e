using System.CommandLine;
using Grondslag.Application;
using Grondslag.Domain.Law;
using Grondslag.Rules;
using Spectre.Console;

namespace Grondslag.Cli.Commands;

/// <summary><c>grondslag rules check</c>: validate every rule file and run every scenario beside them.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var check = new Command("check", "Validate every rule file against its schema and the fact catalogue, prove there are no unresolved conflicts, and run the scenarios in rules/scenarios.");
        check.SetAction(parse =>
        {
            var console = GlobalOptions.Console(Console.Out);
            var book = GlobalOptions.LoadRuleBook(parse, Console.Error, validateInFull: true);
            if (book is null)
            {
                return GlobalOptions.ExitInvalidRules;
            }

            var sets = book.Regimes.Concat(book.Overlays).ToList();
            console.MarkupLine($"[green]Valid[/]: {sets.Sum(s => s.Rules.Length)} rules in {sets.Count} rule sets ({Markup.Escape(string.Join(", ", sets.Select(s => s.Id)))}), sha256 {book.Sha256}");
            var toVerify = sets.SelectMany(s => s.Rules).Count(r => r.Verify);
            if (toVerify > 0)
            {
                console.MarkupLine($"[yellow]{toVerify} rules rest on a reading marked [[verify]][/]: have them checked against the official text.");
            }

            foreach (var regime in book.Regimes)
            {
                var period = book.InForce(regime.Id);
                console.MarkupLine($"  {Markup.Escape(regime.Id)}: {(period is { } p ? $"in force {Markup.Escape(p.ToString())}" : "entry into force not fixed (what-if only)")}");
            }

            var amendment = book.Bill36084;
            console.MarkupLine($"  bill 36 084 (Wbni art. 3(2)(e), 20(2)(d)): {(amendment.EntryIntoForce is { } amended ? $"in force from {amended:yyyy-MM-dd} ({Markup.Escape(amendment.Source)})" : $"entry into force not configured: advice-required where it decides{(amendment.NotBefore is { } nb ? $", from {nb:yyyy-MM-dd}" : "")}")}");
            console.MarkupLine("[green]Safety properties proved[/] (code, not rule data; a rule set that breaks one cannot be loaded or activated):");
            foreach (var proof in book.Proofs)
            {
                console.MarkupLine($"  [green]✓[/] {Markup.Escape(proof)}");
            }

            System.Collections.Immutable.ImmutableArray<ScenarioResult> results;
            try
            {
                results = Scenarios.RunAll(new LegalEvaluator(book), RulesLocation.Resolve(parse.GetValue(GlobalOptions.Rules)));
            }
            catch (RuleBookException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return GlobalOptions.ExitInvalidRules;
            }

            var failed = 0;
            foreach (var result in results)
            {
                var scenario = result.Scenario;
                if (result.Passed)
                {
                    console.MarkupLine($"  [green]pass[/] {Markup.Escape(scenario.File)}: {Markup.Escape(scenario.Name)} → {Markup.Escape(result.Assessment.Verdict.ToWire())}");
                }
                else
                {
                    failed++;
                    console.MarkupLine($"  [red]FAIL[/] {Markup.Escape(scenario.File)}:{scenario.Line}: {Markup.Escape(scenario.Name)}: {Markup.Escape(string.Join("; ", result.Failures))}");
                }
            }

            console.MarkupLine($"{results.Length - failed} scenarios passed, {failed} failed");
            return failed == 0 ? GlobalOptions.ExitOk : GlobalOptions.ExitFailed;
        });
        var rules = new Command("rules", "Work with the legal rule sets.") { check };
        return rules;
    }
}
