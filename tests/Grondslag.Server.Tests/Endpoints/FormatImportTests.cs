using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grondslag.Delivery.Stix;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Endpoints;

/// <summary>The import API takes the ecosystem's formats, reports every rejected item, and carries the file's markings into the case.</summary>
public sealed class FormatImportTests
{
    private static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(TestServerHost.Root, "examples", "formats", name));

    private static async Task<(TestServerHost Host, HttpClient Analyst, string CaseId)> OpenCaseAsync(DatabaseProvider provider, string tlp = "clear", string purpose = "none")
    {
        var host = await TestServerHost.StartAsync(provider);
        var analyst = await host.SignedInAsync("alice", ["analyst"]);
        var created = await analyst.PostAsJsonAsync("/api/cases", new { title = "Partner report", source = "Partner CSIRT", tlp, purpose }).ExpectAsync(HttpStatusCode.Created);
        return (host, analyst, created["id"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(EndToEndTests.Providers), MemberType = typeof(EndToEndTests))]
    public async Task Import_MispEvent_ReportsEveryRejectedAttributeAndTakesItsMarkings(DatabaseProvider provider)
    {
        var (host, analyst, caseId) = await OpenCaseAsync(provider);
        await using var _h = host;
        using var _a = analyst;

        var import = await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=partner-event.misp.json", Example("partner-event.misp.json")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("misp-event", import["format"]!.GetValue<string>());
        Assert.Equal(6, import["accepted"]!.GetValue<int>());
        Assert.Equal(3, import["rejected"]!.GetValue<long>());
        Assert.Equal(3, import["rejectedItems"]!.AsArray().Count);
        Assert.All(import["rejectedItems"]!.AsArray(), r => Assert.False(string.IsNullOrWhiteSpace(r!["reason"]!.GetValue<string>())));
        Assert.True(import["originatorChanged"]!.GetValue<bool>());
        Assert.Equal("amber", import["originator"]!["tlp"]!.GetValue<string>());
        Assert.Equal("inform-victims", import["originator"]!["purpose"]!.GetValue<string>());

        var view = await analyst.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("amber", view["case"]!["originator"]!["tlp"]!.GetValue<string>());
        Assert.Equal("inform-victims", view["case"]!["originator"]!["purpose"]!.GetValue<string>());
        await using var db = host.Db();
        var audit = await db.Set<Grondslag.Storage.Audit.AuditEntry>().SingleAsync(a => a.Action == "case.import");
        Assert.Contains("TLP:AMBER", audit.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EndToEndTests.Providers), MemberType = typeof(EndToEndTests))]
    public async Task Import_StixBundleThatWouldTightenAnAssessedCase_Is409AndStoresNothing(DatabaseProvider provider)
    {
        var (host, analyst, caseId) = await OpenCaseAsync(provider, "amber", "inform-victims");
        await using var _h = host;
        using var _a = analyst;
        await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=scan.csv", Example("shadowserver-scan.csv")).ExpectAsync(HttpStatusCode.Created);
        await analyst.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);

        var problem = await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=partner-bundle.stix.json", Example("partner-bundle.stix.json")).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("TLP:AMBER+STRICT", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("new case", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<ImportRow>().CountAsync());
        Assert.Equal("amber", (await db.Set<CaseRow>().SingleAsync()).Tlp);
    }

    [Fact]
    public async Task Import_ShadowserverCsvThenStixBundle_BeforeAssessment_TakesTheStricterConditions()
    {
        var (host, analyst, caseId) = await OpenCaseAsync(DatabaseProvider.Sqlite);
        await using var _h = host;
        using var _a = analyst;

        var csv = await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=scan.csv", Example("shadowserver-scan.csv")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("csv", csv["format"]!.GetValue<string>());
        Assert.Equal(5, csv["accepted"]!.GetValue<int>());
        Assert.False(csv["originatorChanged"]!.GetValue<bool>());

        var stix = await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=b.json", Example("partner-bundle.stix.json")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("stix-bundle", stix["format"]!.GetValue<string>());
        Assert.Equal("amber+strict", stix["originator"]!["tlp"]!.GetValue<string>());
        Assert.True(stix["originator"]!["thirdPartyRule"]!.GetValue<bool>());
        Assert.Equal(3, stix["rejectedItems"]!.AsArray().Count);
    }

    [Fact]
    public async Task WellKnown_StixExtensionDefinition_IsServedToAnyoneAsInEveryBundle()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var anonymous = host.CreateClient();

        using var response = await anonymous.GetAsync(DisclosureExtensionDefinition.WellKnownPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(StixBundleWriter.DisclosureExtensionId, served["id"]!.GetValue<string>());
        Assert.Equal("extension-definition", served["type"]!.GetValue<string>());
        Assert.StartsWith("identity--", served["created_by_ref"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
