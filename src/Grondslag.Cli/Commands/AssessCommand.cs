using System.CommandLine;
using Grondslag.Application.Assessing;
using Grondslag.Domain.Law;
using Spectre.Console;

namespace Grondslag.Cli.Commands;

/// <summary><c>grondslag assess</c>: may this recipient have this information on this date, and why.</summary>
internal static class AssessCommand
{

    public static Command Create(TimeProvider clock)
    {
        var kind = new Option<string>("--recipient-kind") { Description = "Kind of recipient: national-csirt, designated-csirt, oktt, vital-provider, central-government, intelligence-service, provider, internet-access-provider, law-enforcement, public.", Required = true };
        var country = new Option<string>("--country") { Description = "Recipient's country, ISO 3166-1 alpha-2 (NL, FR, US …).", Required = true };
        var name = new Option<string?>("--name") { Description = "Recipient's name, for the explanation." };
        var date = new Option<string?>("--date") { Description = "Date of the disclosure, YYYY-MM-DD (default: today in the Netherlands)." };
        var regime = new Option<string?>("--regime") { Description = "Assess under this regime instead of the one in force (what-if): wbni or cbw." };
        var classes = new Option<string?>("--classes") { Description = "Comma-separated information classes (default: a list of compromised-device IP addresses: provider-traceable,confidential,personal-data-possible)." };
        var designated = new Option<bool>("--designated") { Description = "The recipient holds a valid designation (e.g. as computercrisisteam)." };
        var cooperation = new Option<bool>("--cooperation") { Description = "A cooperation relationship with the recipient is recorded." };
        var notOwn = new Option<bool>("--not-own-constituency") { Description = "The information concerns systems outside the recipient's own constituency." };
        var tlp = new Option<string?>("--tlp") { Description = "Originator's TLP 2.0 label (default amber)." };
        var purpose = new Option<string?>("--purpose") { Description = "Originator's purpose restriction: inform-victims (default) or none." };
        var thirdParty = new Option<bool>("--third-party-rule") { Description = "The originator forbids onward passing without its consent." };
        var consent = new Option<bool>("--originator-consent") { Description = "The originator consented to this onward sharing." };
        var confirmed = new Option<string?>("--confirmed") { Description = "Comma-separated ids of conditions already confirmed (e.g. tlp-marking,gdpr-transfer-ground)." };
        var legal = new Option<string?>("--data-protection-regime") { Description = "The law the recipient processes personal data under (GDPR adequacy follows it): public-authority, private, intelligence or law-enforcement (default: by kind)." };
        var dpf = new Option<bool>("--dpf-certified") { Description = "The recipient is certified under the EU-US Data Privacy Framework (or was under Privacy Shield)." };
        var entity = new Option<bool>("--essential-entity") { Description = "The recipient is an essential or important entity under NIS2 / the Cbw." };
        var json = new Option<bool>("--json") { Description = "Print the assessment as JSON." };

        var command = new Command("assess", "Decide whether information may be shared with a recipient on a date, citing the article and explaining why.")
        {
            kind, country, name, date, regime, classes, designated, cooperation, notOwn, tlp, purpose, thirdParty, consent, confirmed, legal, dpf, entity, json,
        };
        command.SetAction(parse =>
        {
            var dutch = GlobalOptions.Dutch(parse, out var languageProblem);
            if (languageProblem is not null)
            {
                Console.Error.WriteLine(languageProblem);
                return GlobalOptions.ExitBadInput;
            }

            var book = GlobalOptions.LoadRuleBook(parse, Console.Error);
            if (book is null)
            {
                return GlobalOptions.ExitInvalidRules;
            }

            AssessmentRequest request;
            try
            {
                request = new AssessmentRequest(
                    AssessmentInput.ParseClasses(parse.GetValue(classes)),
                    new OriginatorConditions(
                        AssessmentInput.ParseTlp(parse.GetValue(tlp)),
                        AssessmentInput.ParsePurpose(parse.GetValue(purpose)),
                        parse.GetValue(thirdParty),
                        parse.GetValue(consent)),
                    AssessmentInput.ParseRecipient(parse.GetValue(name), parse.GetValue(kind)!, parse.GetValue(country)!, parse.GetValue(designated), parse.GetValue(cooperation),
                        parse.GetValue(legal), parse.GetValue(dpf), parse.GetValue(entity)),
                    !parse.GetValue(notOwn),
                    AssessmentInput.ParseDate(parse.GetValue(date), "--date", clock),
                    AssessmentInput.ParseRegime(parse.GetValue(regime), book),
                    [.. (parse.GetValue(confirmed) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]);
            }
            catch (InputException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return GlobalOptions.ExitBadInput;
            }

            var assessment = new LegalEvaluator(book).Assess(request);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(AssessmentJson.ToJson(assessment, book).ToJsonString(GlobalOptions.Json));
            }
            else
            {
                Render(GlobalOptions.Console(Console.Out), assessment, dutch);
            }

            return GlobalOptions.ExitOk;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, Assessment a, bool dutch)
    {
        string T(string en, string nl) => dutch ? nl : en;
        string L(Domain.Text.LocalText text) => dutch ? text.Nl : text.En;
        var colour = GlobalOptions.Colour(a.Verdict);
        var verdict = dutch ? Domain.Text.Labels.Of(a.Verdict).Nl.ToUpperInvariant() : a.Verdict.ToWire().ToUpperInvariant();
        console.MarkupLine(dutch
            ? $"[bold {colour}]{Markup.Escape(verdict)}[/] onder de {Markup.Escape(a.RegimeTitleText.Nl)}{(a.WhatIf ? " [italic](wat-als-toets)[/]" : "")} op {a.Date:yyyy-MM-dd}"
            : $"[bold {colour}]{Markup.Escape(verdict)}[/] under the {Markup.Escape(a.RegimeTitle)}{(a.WhatIf ? " [italic](what-if)[/]" : "")} on {a.Date:yyyy-MM-dd}");
        console.MarkupLine($"{T("Rule set", "Regelset")} [grey]{Markup.Escape(a.RegimeId)} sha256:{Markup.Escape(a.RuleSetSha256)}[/]");
        if (a.FailureText is { } failure)
        {
            console.MarkupLine($"[red]{T("Failed closed:", "Veilig uitgevallen:")}[/] {Markup.Escape(L(failure))}");
        }

        foreach (var rule in a.DeterminingRules)
        {
            var outcome = dutch ? Domain.Text.Labels.Of(rule.Outcome).Nl.ToLowerInvariant() : rule.Outcome.ToWire();
            console.MarkupLine($"  [bold]{Markup.Escape(rule.Id)}[/] ({Markup.Escape(outcome)}) — {Markup.Escape(L(rule.CitationLabelText))}: {Markup.Escape(string.Join("; ", rule.Citations.Select(c => c.Short)))}");
        }

        foreach (var condition in a.Conditions)
        {
            var who = condition.ConfirmableBy == ConditionConfirmer.LegalAdviser
                ? T(" (a legal adviser confirms, with a reference)", " (een juridisch adviseur bevestigt, met een kenmerk)")
                : T(" (confirm with a reference)", " (bevestigen met een kenmerk)");
            var state = condition.Met ? $"[green]{T("met", "vervuld")}[/]" : $"[yellow]{T("to confirm", "te bevestigen")}[/]";
            console.MarkupLine($"  {T("condition", "voorwaarde")} [bold]{Markup.Escape(condition.Id)}[/]: {state}{Markup.Escape(condition.Met ? "" : who)} — {Markup.Escape(L(condition.DescriptionText))}");
        }

        foreach (var line in new[] { a.TaskText, a.RestrictionText, a.OriginatorText }.OfType<Domain.Text.LocalText>())
        {
            console.MarkupLine($"  {Markup.Escape(L(line))}");
        }

        console.WriteLine();
        console.WriteLine(L(a.ExplanationText));
        if (a.Alternatives.Length > 0)
        {
            console.WriteLine();
            console.MarkupLine($"[bold]{T("Lawful alternatives", "Rechtmatige alternatieven")}[/]");
            foreach (var alternative in a.Alternatives)
            {
                console.MarkupLine($"  • {Markup.Escape(L(alternative.DescriptionText))}");
            }
        }
    }
}
