using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Cases;
using Grondslag.Storage.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Gate;

/// <summary>Drives a case through the API and reads what reached a channel, for the disclosure gate's tests.</summary>
internal static class GateProbe
{
    /// <summary>Creates a case, imports <paramref name="list"/> (or the 2024 example) and returns the case id.</summary>
    public static async Task<string> CaseWithListAsync(HttpClient client, byte[]? list = null, string title = "COATHANGER FortiGate victims")
    {
        var created = await client.PostAsJsonAsync("/api/cases", new { title, source = "MIVD", tlp = "amber", purpose = "inform-victims" })
            .ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        var file = list ?? await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await client.PostTextAsync($"/api/cases/{caseId}/imports?fileName=list.txt", file).ExpectAsync(HttpStatusCode.Created);
        return caseId;
    }

    /// <summary>Assesses the case on <paramref name="date"/> (optionally under a what-if regime) and returns its shares.</summary>
    public static async Task<Dictionary<string, string>> AssessedAsync(HttpClient client, string caseId, string date = "2024-06-10", string? regime = null)
    {
        await client.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date, regime }).ExpectAsync(HttpStatusCode.Created);
        return await SharesAsync(client, caseId);
    }

    /// <summary>Share id per party id of a case.</summary>
    public static async Task<Dictionary<string, string>> SharesAsync(HttpClient client, string caseId)
    {
        var detail = await client.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        return detail["shares"]!["items"]!.AsArray().ToDictionary(s => s!["partyId"]!.GetValue<string>(), s => s!["id"]!.GetValue<string>(), StringComparer.Ordinal);
    }

    public static Task<HttpResponseMessage> ApproveAsync(HttpClient client, string caseId, string shareId) =>
        client.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT, its own constituency" });

    public static Task<HttpResponseMessage> ReleaseAsync(HttpClient client, string caseId, string shareId) =>
        client.PostAsync($"/api/cases/{caseId}/shares/{shareId}/release", null);

    public static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string caseId, string shareId, string condition) =>
        client.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/confirmations", new { condition, reference = "SCC 2024/17" });

    /// <summary>Everything of a case that reached a channel or a recipient: TAXII objects, outbox rows, releases.</summary>
    public static async Task<(int Taxii, int Outbox, int Releases)> DeliveredAsync(TestServerHost host, string caseId)
    {
        await using var db = host.Db();
        return (await db.Set<TaxiiObjectRow>().CountAsync(t => t.CaseId == caseId),
            await db.Set<OutboxRow>().CountAsync(o => o.CaseId == caseId),
            await db.Set<ReleaseRow>().CountAsync(r => r.CaseId == caseId));
    }

    /// <summary>The refusal records of a case (or of a subject), with the refused action and reason.</summary>
    public static async Task<List<(string Actor, string? Subject, string Action, string Reason)>> RefusalsAsync(TestServerHost host, string caseId)
    {
        await using var db = host.Db();
        var rows = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == "action.refused" && a.CaseId == caseId).ToListAsync();
        return [.. rows.OrderBy(r => r.Index).Select(r =>
        {
            var payload = JsonNode.Parse(r.Payload)!;
            return (r.Actor, r.Subject, payload["action"]!.GetValue<string>(), payload["reason"]!.GetValue<string>());
        })];
    }

    /// <summary>What the party's recipient machine sees through the recipient API.</summary>
    public static async Task<JsonArray> RecipientSharesAsync(TestServerHost host, string party)
    {
        using var machine = await host.SignedInAsync(party + "-machine", ["recipient"], party);
        return (await machine.GetAsync("/api/recipient/shares").ExpectAsync(HttpStatusCode.OK)).AsArray();
    }
}
