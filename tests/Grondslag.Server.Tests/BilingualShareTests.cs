using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Tests;

namespace Grondslag.Server.Tests;

/// <summary>A stored share keeps its assessment in English and Dutch, on SQLite and PostgreSQL, and the API returns both.</summary>
public sealed class BilingualShareTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ShareDetail_AssessedCase_ReturnsExplanationInEnglishAndDutch(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        var created = await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created);
        var caseId = created["id"]!.GetValue<string>();
        var file = await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt"));
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", file).ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        var shares = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray();

        foreach (var party in new[] { "cert-fr", "cccs" })
        {
            var share = shares.Single(s => s!["partyId"]!.GetValue<string>() == party)!;
            var detail = await alice.GetAsync($"/api/cases/{caseId}/shares/{share["id"]}").ExpectAsync(HttpStatusCode.OK);
            var assessment = detail["assessment"]!;

            Assert.StartsWith("Sharing ", (string?)assessment["explanation"], StringComparison.Ordinal);
            Assert.StartsWith("Het verstrekken ", (string?)assessment["explanationNl"], StringComparison.Ordinal);
            Assert.StartsWith("Taak: ", (string?)assessment["taskNl"], StringComparison.Ordinal);
            Assert.All(assessment["determiningRules"]!.AsArray(), r => Assert.False(string.IsNullOrWhiteSpace((string?)r!["titleNl"])));
            Assert.All(assessment["alternatives"]!.AsArray(), a => Assert.False(string.IsNullOrWhiteSpace((string?)a!["descriptionNl"])));
        }
    }
}
