using System.Net;
using System.Net.Http.Json;
using System.Text;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>Bad input gets a clear problem answer, and the database is unchanged or changed exactly once.</summary>
public sealed class BadInputTests
{
    private static async Task<(TestServerHost Host, HttpClient Analyst, string CaseId)> CaseAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var host = await TestServerHost.StartAsync(provider);
        var analyst = await host.SignedInAsync("alice", ["analyst"]);
        var created = await analyst.PostAsJsonAsync("/api/cases", new { title = "t", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created);
        return (host, analyst, created["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedJson_Returns400Problem_NothingStored()
    {
        var (host, analyst, _) = await CaseAsync();
        await using var _h = host;
        using var _a = analyst;
        using var response = await analyst.PostAsync("/api/cases", new StringContent("{\"title\": \"x\", ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Contains("JSON", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<CaseRow>().CountAsync());
    }

    [Fact]
    public async Task OversizeUpload_Returns413Problem_NothingStored()
    {
        var (host, analyst, caseId) = await CaseAsync();
        await using var _h = host;
        using var _a = analyst;
        var big = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("192.0.2.1\n", (int)(TestServerHost.UploadLimit / 10) + 10)));
        var problem = await analyst.PostTextAsync($"/api/cases/{caseId}/imports", big).ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("limit", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(0, await db.Set<ImportRow>().CountAsync());
        Assert.Equal(0, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "case.import"));
    }

    [Fact]
    public async Task UnknownCase_Returns404Problem()
    {
        var (host, analyst, _) = await CaseAsync();
        await using var _h = host;
        using var _a = analyst;
        var problem = await analyst.GetAsync("/api/cases/case-nope").ExpectAsync(HttpStatusCode.NotFound);
        Assert.Contains("case-nope", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await analyst.PostTextAsync("/api/cases/case-nope/imports", "192.0.2.1\n"u8.ToArray()).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ReimportSameFile_IsIdempotent_StoredOnce()
    {
        var (host, analyst, caseId) = await CaseAsync();
        await using var _h = host;
        using var _a = analyst;
        var file = "8.8.8.8\n1.1.1.1\n"u8.ToArray();
        var first = await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=a.txt", file).ExpectAsync(HttpStatusCode.Created);
        var second = await analyst.PostTextAsync($"/api/cases/{caseId}/imports?fileName=a.txt", file).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<ImportRow>().CountAsync());
        Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "case.import"));
        // Stored once, streamed in pieces (the file is smaller than one piece).
        Assert.Equal(file, (await db.Set<ImportChunkRow>().SingleAsync(c => c.Kind == 0)).Content);
    }

    [Theory]
    [MemberData(nameof(EndToEndTests.Providers), MemberType = typeof(EndToEndTests))]
    public async Task TwoConcurrentApprovals_ExactlyOneWins_OtherGets409(DatabaseProvider provider)
    {
        var (host, analyst, caseId) = await CaseAsync(provider);
        await using var _h = host;
        using var _a = analyst;
        await analyst.PostTextAsync($"/api/cases/{caseId}/imports", Encoding.ASCII.GetBytes("2.2.2.2\n5.5.5.5\n")).ExpectAsync(HttpStatusCode.Created);
        var assessed = await analyst.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var share = assessed["shares"]!.AsArray().First(s => s!["assessment"]!["verdict"]!.GetValue<string>() == "permitted")!["id"]!.GetValue<string>();
        using var bob = await host.SignedInAsync("bob", ["duty-officer"]);
        using var dave = await host.SignedInAsync("dave", ["decision-maker"]);
        var url = $"/api/cases/{caseId}/shares/{share}/decision";
        var responses = await Task.WhenAll(
            bob.PostAsJsonAsync(url, new { outcome = "approve", motivation = "EU CSIRT" }),
            dave.PostAsJsonAsync(url, new { outcome = "approve", motivation = "EU CSIRT" }));
        var statuses = responses.Select(r => r.StatusCode).OrderBy(s => s).ToList();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);
        foreach (var r in responses)
        {
            r.Dispose();
        }

        await using var db = host.Db();
        Assert.Equal(1, await db.Set<DecisionRow>().CountAsync(d => d.ShareId == share));
        Assert.Equal(1, await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == "share.decide"));
    }
}
