using System.Net;
using System.Net.Http.Json;
using FsCheck.Xunit;
using Grondslag.Application.Cases;
using Grondslag.Storage;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Web;

/// <summary>The per-share address list: paged and searchable, the internal CSV download audited, readers only.</summary>
public sealed partial class NewCasePageTests
{
    [Fact]
    public async Task AddressList_SearchPageAndCsv_InternalHeaderEveryAddressAndEachDownloadAudited()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite, kestrel: true);
        await host.CreateAccountAsync("audrey", ["auditor"]);
        await host.CreateAccountAsync("ada", ["administrator"]);
        using var api = await host.SignedInAsync("alice", ["analyst"]);
        var caseId = (await api.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await api.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
            .ExpectAsync(HttpStatusCode.Created);
        await api.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        var share = (await api.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray()
            .OrderByDescending(s => s!["indicatorCount"]!.GetValue<int>()).First()!;
        var party = share["partyId"]!.GetValue<string>();
        var count = share["indicatorCount"]!.GetValue<int>();

        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var web = await SignedInWebAsync(host, handler, "audrey");
        var url = $"/cases/{caseId}/shares/{party}/addresses";
        var page = await web.GetStringAsync(url);
        Assert.Contains($"{count} addresses in this share", page, StringComparison.Ordinal);
        var first = AddressCell().Match(page).Groups[1].Value;
        Assert.NotEmpty(first);
        var found = await web.GetStringAsync(url + "?q=" + Uri.EscapeDataString(first));
        Assert.Contains($"<code>{first}</code>", found, StringComparison.Ordinal);
        Assert.DoesNotContain($"of {count} matching addresses", found, StringComparison.Ordinal);

        using var csv = await web.GetAsync(url + "?handler=Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("# INTERNAL - NCSC staff only, not for recipients. TLP:AMBER", lines[0], StringComparison.Ordinal);
        Assert.Equal("address,country,asn,as_organisation", lines[1]);
        Assert.Equal(count, lines.Length - 2);
        Assert.Contains(lines, l => l.StartsWith(first + ",", StringComparison.Ordinal));

        using var adminHandler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var admin = await SignedInWebAsync(host, adminHandler, "ada");
        using var refused = await admin.GetAsync(url + "?handler=Csv");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

        await using var db = host.Db();
        var exports = await db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(a => a.Action == "share.address-export").ToListAsync();
        var entry = Assert.Single(exports);
        Assert.Equal("audrey", entry.Actor);
        Assert.Equal(share["id"]!.GetValue<string>(), entry.Subject);
    }

    /// <summary>No cell a spreadsheet would run as a formula, and every cell reads back as it was (apart from the guard).</summary>
    [Property]
    public bool Cell_AnyText_NeverStartsAFormulaAndReadsBack(string? text)
    {
        var value = text ?? "";
        var cell = ExportShareAddresses.Cell(value);
        var unquoted = cell.StartsWith('"') ? cell[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : cell;
        var guarded = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        return unquoted.Length == 0 || unquoted[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')
            && unquoted == (guarded ? "'" + value : value)
            && (!cell.StartsWith('"') || cell.EndsWith('"'));
    }

    [System.Text.RegularExpressions.GeneratedRegex("<tr><td><code>([^<]+)</code>")]
    private static partial System.Text.RegularExpressions.Regex AddressCell();
}
