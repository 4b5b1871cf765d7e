using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Rules;

/// <summary>What a scenario expects of the engine.</summary>
public sealed record ScenarioExpectation(
    Verdict Verdict,
    string? Rule,
    ImmutableArray<string>? Conditions,
    ImmutableArray<AlternativeKind>? Alternatives,
    bool? Failure,
    ImmutableArray<string>? Applies = null,
    ImmutableArray<string>? ExplanationContains = null);

/// <summary>
/// Configuration a scenario assesses under, overriding the book's: bill 36 084's entry into force (a date, or
/// explicitly unknown) and the Cbw's.
/// </summary>
public sealed record ScenarioConfiguration(bool SetsWbni36084, DateOnly? Wbni36084EntryIntoForce, DateOnly? CbwEntryIntoForce);

/// <summary>A legal scenario from a data file: facts, date, and the expected verdict and determining rule.</summary>
public sealed record Scenario(string Name, string File, int? Line, AssessmentRequest Request, ScenarioExpectation Expect, ScenarioConfiguration? Configuration = null);

/// <summary>The outcome of running one scenario.</summary>
public sealed record ScenarioResult(Scenario Scenario, Assessment Assessment, ImmutableArray<string> Failures)
{
    public bool Passed => Failures.IsEmpty;
}

/// <summary>Reads scenario files (rules/scenarios/*.yaml) and runs them against the engine.</summary>
public static class Scenarios
{
    public const string Folder = "scenarios";

    /// <summary>A scenario's <c>regime: in-force</c>: assess under whatever regime is in force on its date.</summary>
    public const string InForce = "in-force";

    public static ImmutableArray<Scenario> LoadAll(string rulesDirectory)
    {
        var folder = Path.Combine(rulesDirectory, Folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var errors = new List<RuleFileError>();
        var result = ImmutableArray.CreateBuilder<Scenario>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                result.AddRange(Load(path, Path.Combine(Folder, Path.GetFileName(path))));
            }
            catch (RuleBookException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        return errors.Count > 0 ? throw new RuleBookException([.. errors]) : result.ToImmutable();
    }

    public static ImmutableArray<Scenario> Load(string path, string displayName)
    {
        var doc = YamlDocument.Parse(displayName, File.ReadAllText(path, Encoding.UTF8));
        var errors = SchemaValidator.Validate(doc, "scenarios").ToList();
        if (errors.Count > 0)
        {
            throw new RuleBookException([.. errors]);
        }

        var defaults = doc.Root!["defaults"];
        var nodes = doc.Root!["scenarios"]!.AsArray();
        var result = ImmutableArray.CreateBuilder<Scenario>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var pointer = $"/scenarios/{i}";
            var node = nodes[i]!;
            var name = node["name"]!.GetValue<string>();
            void Fail(string at, string message) =>
                errors.Add(new RuleFileError(displayName, doc.LineOf(pointer + at), name, SchemaValidator.FieldName(pointer + at), message));

            if (!RuleBookLoader.TryDate(node["date"], out var date) || date is null)
            {
                Fail("/date", $"'{node["date"]}' is not a calendar day; use YYYY-MM-DD");
                continue;
            }

            var classes = ImmutableSortedSet.CreateBuilder<InformationClass>();
            foreach (var c in (node["classes"] ?? defaults?["classes"])?.AsArray() ?? [])
            {
                if (InformationClasses.TryParse(c!.GetValue<string>(), out var cls))
                {
                    classes.Add(cls);
                }
                else
                {
                    Fail("/classes", $"'{c}' is not an information class; use {InformationClasses.WireList}");
                }
            }

            var originatorNode = node["originator"] ?? defaults?["originator"];
            var tlpText = originatorNode?["tlp"]?.GetValue<string>() ?? "amber";
            if (!TlpLevels.TryParse(tlpText, out var tlp))
            {
                Fail("/originator/tlp", $"'{tlpText}' is not a TLP 2.0 label; use clear, green, amber, amber+strict or red");
            }

            var originator = new OriginatorConditions(
                tlp,
                originatorNode?["purpose"]?.GetValue<string>() == "none" ? PurposeRestriction.None : PurposeRestriction.InformVictims,
                originatorNode?["thirdPartyRule"]?.GetValue<bool>() ?? false,
                originatorNode?["consent"]?.GetValue<bool>() ?? false);

            ScenarioConfiguration? configuration = null;
            if (node["configure"] is { } configure)
            {
                RuleBookLoader.TryDate(configure["wbni36084EntryIntoForce"], out var amended);
                RuleBookLoader.TryDate(configure["cbwEntryIntoForce"], out var cbw);
                configuration = new ScenarioConfiguration(configure.AsObject().ContainsKey("wbni36084EntryIntoForce"), amended, cbw);
            }

            var r = node["recipient"]!;
            var kindText = r["kind"]!.GetValue<string>();
            var countryText = r["country"]!.GetValue<string>();
            var recipient = new RecipientProfile(
                r["name"]!.GetValue<string>(),
                RecipientKinds.TryParse(kindText, out var kind) ? kind : null,
                CountryCode.TryParse(countryText, out var country) ? country : null,
                Interval(r["designated"]),
                Interval(r["cooperation"]),
                RecipientKinds.TryParse(kindText, out _) ? null : kindText,
                CountryCode.TryParse(countryText, out _) ? null : countryText,
                DataProtectionRegimes.TryParse(r["dataProtectionRegime"]?.GetValue<string>(), out var dp) ? dp : null,
                r["dpfCertified"]?.GetValue<bool>() ?? false,
                r["essentialOrImportantEntity"]?.GetValue<bool>() ?? false);

            var e = node["expect"]!;
            _ = Verdicts.TryParse(e["verdict"]!.GetValue<string>(), out var verdict); // the schema admits only known verdicts
            var expectation = new ScenarioExpectation(
                verdict,
                e["rule"]?.GetValue<string>(),
                e["conditions"] is JsonArray cs ? [.. cs.Select(x => x!.GetValue<string>())] : null,
                e["alternatives"] is JsonArray alts ? [.. alts.Select(x => AlternativeKinds.Parse(x!.GetValue<string>()))] : null,
                e["failure"]?.GetValue<bool>(),
                e["applies"] is JsonArray applies ? [.. applies.Select(x => x!.GetValue<string>())] : null,
                e["explanationContains"] is JsonArray contains ? [.. contains.Select(x => x!.GetValue<string>())] : null);

            var request = new AssessmentRequest(
                classes.ToImmutable(),
                originator,
                recipient,
                node["ownConstituency"]?.GetValue<bool>() ?? defaults?["ownConstituency"]?.GetValue<bool>(),
                date.Value,
                (node["regime"]?.GetValue<string>() ?? defaults?["regime"]?.GetValue<string>()) is { } regime && regime != InForce ? regime : null,
                node["confirmed"] is JsonArray confirmed ? [.. confirmed.Select(x => x!.GetValue<string>())] : null);
            result.Add(new Scenario(name, displayName, doc.LineOf(pointer), request, expectation, configuration));
        }

        return errors.Count > 0 ? throw new RuleBookException([.. errors]) : result.ToImmutable();
    }

    private static ImmutableArray<DateInterval> Interval(JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        RuleBookLoader.TryDate(node["from"], out var from);
        RuleBookLoader.TryDate(node["to"], out var to);
        return [new DateInterval(from, to)];
    }



    /// <summary>Loads every scenario file under the rules folder and runs each against the engine.</summary>
    public static ImmutableArray<ScenarioResult> RunAll(LegalEvaluator evaluator, string rulesDirectory) =>
        [.. LoadAll(rulesDirectory).Select(s => Run(evaluator, s))];

    public static ScenarioResult Run(LegalEvaluator evaluator, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Configuration is { } config)
        {
            var book = evaluator.Book;
            if (config.SetsWbni36084)
            {
                book = config.Wbni36084EntryIntoForce is { } amended
                    ? book.WithBill36084(amended, $"scenario {scenario.Name}")
                    : book with { Bill36084 = book.Bill36084 with { EntryIntoForce = null } };
            }

            if (config.CbwEntryIntoForce is { } cbw)
            {
                book = book.WithEntryIntoForce("cbw", cbw, $"scenario {scenario.Name}");
            }

            evaluator = new LegalEvaluator(book);
        }

        var a = evaluator.Assess(scenario.Request);
        var failures = ImmutableArray.CreateBuilder<string>();
        var expect = scenario.Expect;
        if (a.Verdict != expect.Verdict)
        {
            failures.Add($"expected {expect.Verdict.ToWire()}, got {a.Verdict.ToWire()}{(a.Failure is null ? "" : $" ({a.Failure})")}");
        }

        if (expect.Rule is { } rule && !a.DeterminingRules.Any(r => r.Id == rule))
        {
            failures.Add($"expected determining rule '{rule}', got [{string.Join(", ", a.DeterminingRules.Select(r => r.Id))}]");
        }

        if (expect.Conditions is { } conditions)
        {
            var open = a.Conditions.Where(c => !c.Met).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            if (!open.SequenceEqual(conditions.Order(StringComparer.Ordinal)))
            {
                failures.Add($"expected open conditions [{string.Join(", ", conditions)}], got [{string.Join(", ", open)}]");
            }
        }

        if (expect.Alternatives is { } alternatives)
        {
            var missing = alternatives.Where(k => !a.Alternatives.Any(x => x.Kind == k)).ToList();
            if (missing.Count > 0)
            {
                failures.Add($"expected alternatives [{string.Join(", ", missing.Select(m => m.ToWire()))}] to be offered, got [{string.Join(", ", a.Alternatives.Select(x => x.Kind.ToWire()))}]");
            }
        }

        if (expect.Applies is { } applies)
        {
            var missing = applies.Where(id => !a.Trace.Any(t => t.RuleId == id && t.Status == TraceStatus.Applies)).ToList();
            if (missing.Count > 0)
            {
                failures.Add($"expected rules [{string.Join(", ", missing)}] to apply, but they did not (applying: [{string.Join(", ", a.Trace.Where(t => t.Status == TraceStatus.Applies).Select(t => t.RuleId))}])");
            }
        }

        if (expect.ExplanationContains is { } fragments)
        {
            foreach (var fragment in fragments.Where(f => !a.Explanation.Contains(f, StringComparison.Ordinal)))
            {
                failures.Add($"expected the explanation to contain \"{fragment}\"");
            }
        }

        if (!ExplanationReferences.Agree(a.ExplanationText))
        {
            failures.Add($"the Dutch explanation does not name the same rules and citations as the English one: [{string.Join("], [", ExplanationReferences.Of(a.ExplanationText.Nl))}] vs [{string.Join("], [", ExplanationReferences.Of(a.ExplanationText.En))}]");
        }

        if (expect.Failure is { } failure && failure != (a.Failure is not null))
        {
            failures.Add(failure ? "expected the assessment to fail closed, but it did not" : $"unexpected failure: {a.Failure}");
        }

        return new ScenarioResult(scenario, a, failures.ToImmutable());
    }
}
