using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Grondslag.Server.Tests.Taxii;

/// <summary>The 2024 case driven to two released shares (cert-fr, cert-bund), with TAXII secrets issued for both.</summary>
internal sealed class TaxiiScenario : IAsyncDisposable
{
    public const string TaxiiMedia = "application/taxii+json;version=2.1";

    private TaxiiScenario(TestServerHost host, HttpClient alice, HttpClient bob, HttpClient admin, string caseId, Dictionary<string, string> shares, Dictionary<string, JsonNode> clients)
    {
        Host = host;
        Alice = alice;
        Bob = bob;
        Admin = admin;
        CaseId = caseId;
        Shares = shares;
        Clients = clients;
    }

    public TestServerHost Host { get; }
    public HttpClient Alice { get; }
    public HttpClient Bob { get; }
    public HttpClient Admin { get; }
    public string CaseId { get; }

    /// <summary>Share id per party.</summary>
    public Dictionary<string, string> Shares { get; }

    /// <summary>The issue answer per party: userName, secret, collectionId.</summary>
    public Dictionary<string, JsonNode> Clients { get; }

    public static async Task<TaxiiScenario> StartAsync(Storage.DatabaseProvider provider)
    {
        var host = await TestServerHost.StartAsync(provider);
        var alice = await host.SignedInAsync("alice", ["analyst", "duty-officer"]);
        var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        var admin = await host.SignedInAsync("root", ["administrator"]);
        var created = await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER FortiGate victims", source = "MIVD", tlp = "amber", purpose = "inform-victims" })
            .ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var detail = await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        var shares = new Dictionary<string, string>(StringComparer.Ordinal);
        var clients = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var party in new[] { "cert-fr", "cert-bund" })
        {
            var id = detail["shares"]!["items"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == party)!["id"]!.GetValue<string>();
            shares[party] = id;
            await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{id}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT, its own constituency" })
                .ExpectAsync(HttpStatusCode.OK);
            await alice.PostAsync($"/api/cases/{caseId}/shares/{id}/release", null).ExpectAsync(HttpStatusCode.Created);
            clients[party] = await admin.PostAsJsonAsync("/api/admin/taxii-clients", new { party }).ExpectAsync(HttpStatusCode.Created);
        }

        return new TaxiiScenario(host, alice, bob, admin, caseId, shares, clients);
    }

    public string Collection(string party) => Clients[party]["collectionId"]!.GetValue<string>();

    /// <summary>A TAXII client for the party with its issued secret (or another secret).</summary>
    public HttpClient Taxii(string party, string? secret = null)
    {
        var client = Host.CreateClient();
        var credentials = $"{party}:{secret ?? Clients[party]["secret"]!.GetValue<string>()}";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        client.DefaultRequestHeaders.Accept.ParseAdd(TaxiiMedia);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Alice.Dispose();
        Bob.Dispose();
        Admin.Dispose();
        await Host.DisposeAsync();
    }
}
