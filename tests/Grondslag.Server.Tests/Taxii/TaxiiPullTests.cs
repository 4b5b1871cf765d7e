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
        await using var scenario = await TaxiiScenario.StartAsync(DatabaseProvider.Sqlite);
        var detail = await scenario.Alice.GetAsync($"/api/cases/{scenario.CaseId}").ExpectAsync(HttpStatusCode.OK);
        var share = detail["shares"]!["items"]!.AsArray().Single(s => s!["partyId"]!.GetValue<string>() == "cert-fr")!;
        var created = await scenario.Alice.PostAsJsonAsync("/api/cases", new { title = "Back from CERT-FR's feed", source = "TAXII", tlp = "clear", purpose = "none" })
            .ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        var token = scenario.Alice.DefaultRequestHeaders.Authorization!.Parameter!;
        var collection = $"http://localhost/taxii2/api/collections/{scenario.Collection("cert-fr")}/";

        var (exit, output, error) = Cli(scenario.Host, token, "case", "import", "--case", caseId, "--taxii", collection,
            "--taxii-user", "cert-fr", "--taxii-password", scenario.Clients["cert-fr"]["secret"]!.GetValue<string>());

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
