using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Assessing;

/// <summary>
/// The one JSON shape of an assessment, shared by the CLI, the API and the audit log. Every text a person reads is
/// there in English (the field as before, for compatibility) and in Dutch (the same name with <c>Nl</c>).
/// </summary>
public static class AssessmentJson
{
    public static JsonObject ToJson(Assessment a, RuleBook book, bool includeTrace = true)
    {
        var json = new JsonObject
        {
            ["verdict"] = a.Verdict.ToWire(),
            ["regime"] = a.RegimeId,
            ["regimeTitle"] = a.RegimeTitle,
            ["regimeTitleNl"] = a.RegimeTitleText.Nl,
            ["whatIf"] = a.WhatIf,
            ["date"] = a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ruleSet"] = new JsonObject
            {
                ["id"] = a.RegimeId,
                ["overlays"] = new JsonArray([.. book.Overlays.Select(o => (JsonNode)o.Id)]),
                ["sha256"] = a.RuleSetSha256,
            },
            ["determiningRules"] = new JsonArray([.. a.DeterminingRules.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["ruleSet"] = r.RuleSetId,
                ["title"] = r.Title,
                ["titleNl"] = r.TitleText.Nl,
                ["outcome"] = r.Outcome.ToWire(),
                ["citationLabel"] = r.CitationLabel,
                ["citationLabelNl"] = r.CitationLabelText.Nl,
                ["task"] = r.Task,
                ["citation"] = string.Join("; ", r.Citations.Select(c => c.Short)),
                ["citations"] = Citations(r.Citations),
                ["verify"] = r.Verify,
            })]),
            ["basis"] = new JsonArray([.. a.Basis.Select(c => (JsonNode)c.Short)]),
            ["basisLabel"] = a.BasisLabel,
            ["basisLabelNl"] = a.BasisLabelText.Nl,
            ["task"] = a.Task,
            ["taskNl"] = a.TaskText?.Nl,
            ["restriction"] = a.Restriction,
            ["restrictionNl"] = a.RestrictionText?.Nl,
            ["originatorConditions"] = a.OriginatorSummary,
            ["originatorConditionsNl"] = a.OriginatorText?.Nl,
            ["conditions"] = new JsonArray([.. a.Conditions.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["description"] = c.Description,
                ["descriptionNl"] = c.DescriptionText.Nl,
                ["met"] = c.Met,
                ["metBy"] = c.MetBy,
                ["metByNl"] = c.MetByNl ?? c.MetBy,
                ["confirmableBy"] = c.ConfirmableBy.ToWire(),
                ["referenceRequired"] = true,
            })]),
            ["unmetPreconditions"] = new JsonArray([.. a.UnmetPreconditions.Select(u => (JsonNode)new JsonObject
            {
                ["rule"] = u.RuleId,
                ["fact"] = u.Fact,
                ["required"] = u.Required,
                ["actual"] = u.Actual,
            })]),
            ["facts"] = new JsonObject([.. a.Facts.Values.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))]),
            ["explanation"] = a.Explanation,
            ["explanationNl"] = a.ExplanationText.Nl,
            ["alternatives"] = new JsonArray([.. a.Alternatives.Select(x => (JsonNode)new JsonObject
            {
                ["kind"] = x.Kind.ToWire(),
                ["description"] = x.Description,
                ["descriptionNl"] = x.DescriptionText.Nl,
                ["verdict"] = x.Verdict.ToWire(),
                ["basis"] = new JsonArray([.. x.Basis.Select(c => (JsonNode)c.Short)]),
                ["from"] = x.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })]),
            ["failure"] = a.Failure,
            ["failureNl"] = a.FailureText?.Nl,
        };
        if (includeTrace)
        {
            json["trace"] = new JsonArray([.. a.Trace.Select(t => (JsonNode)new JsonObject
            {
                ["ruleSet"] = t.RuleSetId,
                ["rule"] = t.RuleId,
                ["status"] = t.Status switch
                {
                    TraceStatus.Applies => "applies",
                    TraceStatus.SetAside => "set-aside",
                    TraceStatus.NotApplicable => "not-applicable",
                    TraceStatus.NotInForce => "not-in-force",
                },
                ["detail"] = t.Detail,
            })]);
        }

        return json;
    }

    private static JsonArray Citations(IEnumerable<Citation> citations) =>
        new([.. citations.Select(c => (JsonNode)new JsonObject
        {
            ["law"] = c.Law,
            ["article"] = c.Article,
            ["paragraph"] = c.Paragraph,
            ["point"] = c.Point,
            ["source"] = c.Source,
            ["quote"] = c.Quote,
            ["verify"] = c.Verify,
        })]);
}
