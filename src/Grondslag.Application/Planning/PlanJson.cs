using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Application.Planning;

/// <summary>The JSON shape of a sharing plan (CLI <c>plan --json</c>, later the API).</summary>
public static class PlanJson
{
    public static JsonObject ToJson(SharingPlan plan, int maxRejected = 1000)
    {
        var input = plan.Request.Indicators;
        var dataset = plan.Dataset;
        var regime = plan.Recipients.FirstOrDefault()?.Assessment.RegimeId
            ?? plan.Request.RegimeOverride
            ?? plan.Book.RegimeInForce(plan.Request.Date)?.Id ?? "none";
        return new JsonObject
        {
            ["date"] = plan.Request.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["classes"] = new JsonArray([.. plan.Request.Classes.Select(c => (JsonNode)c.ToWire())]),
            ["input"] = new JsonObject
            {
                ["source"] = input.Source,
                ["lines"] = input.Lines,
                ["accepted"] = input.Accepted,
                ["duplicates"] = input.Duplicates,
                ["notAttributable"] = input.NotAttributableCount,
                ["ranges"] = new JsonArray([.. input.Ranges.Select(r => (JsonNode)new JsonObject { ["line"] = r.Line, ["prefix"] = r.Prefix.ToString() })]),
                ["rejectedCount"] = input.RejectedCount,
                ["rejected"] = new JsonArray([.. input.Rejected.Take(maxRejected).Select(r => (JsonNode)new JsonObject { ["line"] = r.Line, ["text"] = r.Text, ["code"] = r.Rejection.Code, ["reason"] = r.Reason, ["reasonNl"] = r.Rejection.Text.Nl })]),
            },
            ["dataset"] = new JsonObject
            {
                ["name"] = dataset.Name,
                ["version"] = dataset.Version,
                ["sha256"] = dataset.Sha256,
                ["parts"] = new JsonArray(
                    Identity(plan.Attribution.CountryDataset),
                    Identity(plan.Attribution.AsnDataset)),
            },
            ["ruleSet"] = new JsonObject
            {
                ["id"] = regime,
                ["overlays"] = new JsonArray([.. plan.Book.Overlays.Select(o => (JsonNode)o.Id)]),
                ["sha256"] = plan.Book.Sha256,
            },
            ["parties"] = new JsonObject { ["source"] = plan.Partition.Registry.Source, ["sha256"] = plan.Partition.Registry.Sha256 },
            ["attribution"] = new JsonObject
            {
                ["byCountry"] = new JsonObject([.. plan.Attribution.ByCountry.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key.Value, kv.Value))]),
                ["unknownCountry"] = plan.Attribution.UnknownCountry,
                ["notACountry"] = new JsonObject([.. plan.Attribution.NotACountry.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key.Value, kv.Value))]),
                ["notAttributableToCountry"] = new JsonObject
                {
                    ["count"] = plan.Attribution.NotAttributableToCountry,
                    ["reasons"] = new JsonArray([.. plan.NotAttributable.Select(n => (JsonNode)new JsonObject
                    {
                        ["code"] = n.Code?.Value,
                        ["count"] = n.Count,
                        ["reason"] = n.Reason,
                    })]),
                },
            },
            ["noRecipientYet"] = new JsonObject
            {
                ["count"] = plan.NoRecipientYet.Sum(n => n.Count),
                ["byCountry"] = new JsonObject([.. plan.NoRecipientYet.Select(n => new KeyValuePair<string, JsonNode?>(n.Country.Value, n.Count))]),
                ["countries"] = new JsonArray([.. plan.NoRecipientYet.Select(n => (JsonNode)new JsonObject
                {
                    ["country"] = n.Country.Value,
                    ["count"] = n.Count,
                    ["reason"] = n.Reason,
                    ["reasonNl"] = n.ReasonNl ?? n.Reason,
                })]),
            },
            ["recipients"] = new JsonArray([.. plan.Recipients.Select(r => (JsonNode)new JsonObject
            {
                ["party"] = r.Party.Id,
                ["name"] = r.Party.Name,
                ["kind"] = r.Party.Kind.ToWire(),
                ["country"] = r.Party.Country.Value,
                ["indicators"] = r.Share.Count,
                ["verdict"] = r.Assessment.Verdict.ToWire(),
                ["basis"] = new JsonArray([.. r.Assessment.Basis.Select(c => (JsonNode)c.Short)]),
                ["determiningRules"] = new JsonArray([.. r.Assessment.DeterminingRules.Select(d => (JsonNode)d.Id)]),
                ["conditions"] = new JsonArray([.. r.Assessment.Conditions.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["met"] = c.Met, ["description"] = c.Description, ["descriptionNl"] = c.DescriptionText.Nl })]),
                ["explanation"] = r.Assessment.Explanation,
                ["explanationNl"] = r.Assessment.ExplanationText.Nl,
                ["alternatives"] = Alternatives(r.Assessment.Alternatives),
                ["failure"] = r.Assessment.Failure,
                ["failureNl"] = r.Assessment.FailureText?.Nl,
            })]),
            ["withoutLawfulRecipient"] = new JsonObject
            {
                ["count"] = plan.WithoutLawfulRecipient,
                ["unknownCountry"] = plan.UnservedUnknownCountry,
                ["byCountry"] = new JsonObject([.. plan.Unserved.Select(u => new KeyValuePair<string, JsonNode?>(u.Country.Value, u.Count))]),
                ["countries"] = new JsonArray([.. plan.Unserved.Select(u => (JsonNode)new JsonObject
                {
                    ["country"] = u.Country.Value,
                    ["count"] = u.Count,
                    ["reason"] = u.Reason,
                    ["reasonNl"] = u.ReasonNl ?? u.Reason,
                    ["alternatives"] = Alternatives(u.Alternatives),
                })]),
            },
        };
    }

    private static JsonObject Identity(Attribution.Data.DatasetIdentity d) =>
        new() { ["name"] = d.Name, ["version"] = d.Version, ["sha256"] = d.Sha256 };

    private static JsonArray Alternatives(IEnumerable<Alternative> alternatives) =>
        new([.. alternatives.Select(a => (JsonNode)new JsonObject
        {
            ["kind"] = a.Kind.ToWire(),
            ["verdict"] = a.Verdict.ToWire(),
            ["description"] = a.Description,
            ["descriptionNl"] = a.DescriptionText.Nl,
        })]);
}
