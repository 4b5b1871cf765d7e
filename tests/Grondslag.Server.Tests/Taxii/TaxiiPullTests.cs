using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grondslag.Cli.Commands;
using Grondslag.Storage;

namespace Grondslag.Server.Tests.Taxii;

/// <summary>`grondslag case import --taxii` pulls a TAXII 2.1 collection into a case: here what a recipient receives comes back in.</summary>
public sealed class TaxiiPullTests
{
    private static (int Exit, string Out, string Error) Cli(TestServerHost host, string token, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand();
        foreach (var command in CaseCommands.Create(_ => host.CreateClient(), output, error))
        {
            root.Subcommands.Add(command);
        }

        var exit = root.Parse([.. args, "--server", "http://localhost/", "--token", token]).Invoke();
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task ImportTaxii_ARecipientsCollection_ImportsItsAddressesWithTheSharesConditions()
    {
        // A smaller list than the scenario's (whose CERT-FR collection exceeds the test host's 1 MiB upload limit).
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber", purpose = "inform-victims" })
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var lines = (await File.ReadAllLinesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"))).Take(1500);
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=part.txt", System.Text.Encoding.ASCII.GetBytes(string.Join('\n', lines))).ExpectAsync(HttpStatusCode.Created);
        var assessed = await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var share = assessed["shares"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!;
        var shareId = share["id"]!.GetValue<string>();
        await bob.PostAsJsonAsync($"/api/cases/{caseId}/shares/{shareId}/decision", new { outcome = "approve", motivation = "Wbni art. 20(2): EU CSIRT" }).ExpectAsync(HttpStatusCode.OK);
        await alice.PostAsync($"/api/cases/{caseId}/shares/{shareId}/release", null).ExpectAsync(HttpStatusCode.Created);
        var client = await admin.PostAsJsonAsync("/api/admin/taxii-clients", new { party = "cert-fr" }).ExpectAsync(HttpStatusCode.Created);
        var back = (await alice.PostAsJsonAsync("/api/cases", new { title = "Back from CERT-FR's feed", source = "TAXII", tlp = "clear", purpose = "none" })
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var collection = $"http://localhost/taxii2/api/collections/{client["collectionId"]!.GetValue<string>()}/";

        var (exit, output, error) = Cli(host, alice.DefaultRequestHeaders.Authorization!.Parameter!, "case", "import", "--case", back, "--taxii", collection,
            "--taxii-user", "cert-fr", "--taxii-password", client["secret"]!.GetValue<string>());

        Assert.True(exit == 0, error);
        var import = JsonNode.Parse(output)!;
        Assert.Equal("stix-bundle", import["format"]!.GetValue<string>());
        Assert.Equal(share["indicatorCount"]!.GetValue<int>(), import["accepted"]!.GetValue<int>());
        Assert.Equal(0, import["rejected"]!.GetValue<long>());
        Assert.Equal("amber", import["originator"]!["tlp"]!.GetValue<string>());
        Assert.Equal("inform-victims", import["originator"]!["purpose"]!.GetValue<string>());
        Assert.False(import["originator"]!["thirdPartyRule"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ImportTaxii_WrongSecret_FailsWithTheServersAnswerAndStoresNothing()
    {
        await using var scenario = await TaxiiScenario.StartAsync(DatabaseProvider.Sqlite);
        var created = await scenario.Alice.PostAsJsonAsync("/api/cases", new { title = "t", source = "TAXII" }).ExpectAsync(HttpStatusCode.Created);
        var token = scenario.Alice.DefaultRequestHeaders.Authorization!.Parameter!;

        var (exit, _, error) = Cli(scenario.Host, token, "case", "import", "--case", created["id"]!.GetValue<string>(),
            "--taxii", $"http://localhost/taxii2/api/collections/{scenario.Collection("cert-fr")}/", "--taxii-user", "cert-fr", "--taxii-password", "wrong");

        Assert.NotEqual(0, exit);
        Assert.Contains("401", error, StringComparison.Ordinal);
        var view = await scenario.Alice.GetAsync($"/api/cases/{created["id"]!.GetValue<string>()}").ExpectAsync(HttpStatusCode.OK);
        Assert.Null(view["latestImport"]);
    }
}
