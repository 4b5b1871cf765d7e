using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Domain.Law;

namespace Grondslag.Application.Assessing;

/// <summary>The one JSON shape of an assessment, shared by the CLI, the API and the audit log.</summary>
public static class AssessmentJson
{
    public static JsonObject ToJson(Assessment a, RuleBook book, bool includeTrace = true)
    {
        var json = new JsonObject
        {
            ["verdict"] = a.Verdict.ToWire(),
            ["regime"] = a.RegimeId,
            ["regimeTitle"] = a.RegimeTitle,
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
                ["outcome"] = r.Outcome.ToWire(),
                ["citationLabel"] = r.CitationLabel,
                ["task"] = r.Task,
                ["citation"] = string.Join("; ", r.Citations.Select(c => c.Short)),
                ["citations"] = Citations(r.Citations),
                ["verify"] = r.Verify,
            })]),
            ["basis"] = new JsonArray([.. a.Basis.Select(c => (JsonNode)c.Short)]),
            ["basisLabel"] = a.BasisLabel,
            ["task"] = a.Task,
            ["restriction"] = a.Restriction,
            ["originatorConditions"] = a.OriginatorSummary,
            ["conditions"] = new JsonArray([.. a.Conditions.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["description"] = c.Description,
                ["met"] = c.Met,
                ["metBy"] = c.MetBy,
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
            ["alternatives"] = new JsonArray([.. a.Alternatives.Select(x => (JsonNode)new JsonObject
            {
                ["kind"] = x.Kind.ToWire(),
                ["description"] = x.Description,
                ["verdict"] = x.Verdict.ToWire(),
                ["basis"] = new JsonArray([.. x.Basis.Select(c => (JsonNode)c.Short)]),
                ["from"] = x.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })]),
            ["failure"] = a.Failure,
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
