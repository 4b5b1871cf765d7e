using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Endpoints;

/// <summary>
/// Issue 15, the server: an upload is streamed (progress readable while it arrives), parsed once and stored in pieces;
/// a share's indicators are read a page at a time; responses are compressed and assets cacheable by content hash.
/// </summary>
public sealed partial class ImportStreamingTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Import_StreamedWithProgressToken_ProgressWhileArrivingThenDoneWithCounts(DatabaseProvider provider)
    {
        // Real HTTP (Kestrel), so the body arrives as it is sent.
        await using var host = await TestServerHost.StartAsync(provider, kestrel: true, settings: new Dictionary<string, string>
        {
            [ServerKeys.UploadMaxBytes] = (64 << 20).ToString(CultureInfo.InvariantCulture),
        });
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        using var bob = await host.SignedInAsync("bob", ["analyst"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "Streamed", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        // 450,000 lines (four parse-progress steps), more than 4 MiB (two raw pieces), sent in two halves with a pause between.
        var lines = new StringBuilder("# streamed list\nnot-an-address\n");
        for (var i = 0; i < 450_000; i++)
        {
            lines.Append(CultureInfo.InvariantCulture, $"{1 + (i % 200)}.{(i / 200) % 250}.{i % 251}.{7 + (i % 13)}\n");
        }

        var bytes = Encoding.UTF8.GetBytes(lines.ToString());
        Assert.True(bytes.Length > 4 << 20);
        // A plain HttpClient over the socket (the factory's client buffers a request body whole before sending it), sending
        // from a pipe of unknown length (chunked): the server has the first half and waits for the rest while we poll.
        using var sender = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        sender.DefaultRequestHeaders.Authorization = alice.DefaultRequestHeaders.Authorization;
        var pipe = new Pipe();
        using var body = new StreamContent(pipe.Reader.AsStream());
        body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        var upload = sender.PostAsync($"/api/cases/{caseId}/imports?fileName=streamed.txt&progress=up-1", body);
        await pipe.Writer.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
        await pipe.Writer.FlushAsync();

        var receiving = await PollAsync(alice, caseId, "up-1", p => p["stage"]!.GetValue<string>() == "receiving" && p["bytes"]!.GetValue<long>() > 0);
        Assert.True(receiving["bytes"]!.GetValue<long>() <= bytes.Length / 2);

        // Progress is the uploader's own: another analyst does not see it.
        using (var other = await bob.GetAsync($"/api/cases/{caseId}/import-progress/up-1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        await pipe.Writer.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        await pipe.Writer.CompleteAsync();
        var imported = await upload.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(450_002, imported["lines"]!.GetValue<long>());
        Assert.Equal(1, imported["rejected"]!.GetValue<long>());
        Assert.Equal(2, imported["rejectedItems"]![0]!["line"]!.GetValue<long>());

        var done = await alice.GetAsync($"/api/cases/{caseId}/import-progress/up-1").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("done", done["stage"]!.GetValue<string>());
        Assert.Equal(imported["id"]!.GetValue<string>(), done["importId"]!.GetValue<string>());
        Assert.Equal(imported["accepted"]!.GetValue<int>(), done["accepted"]!.GetValue<int>());
        Assert.Equal(bytes.Length, done["bytes"]!.GetValue<long>());

        // Stored in pieces: the raw file exactly as sent, and the accepted addresses.
        await using (var db = host.Db())
        {
            var importId = imported["id"]!.GetValue<string>();
            var raw = await db.Set<ImportChunkRow>().Where(c => c.ImportId == importId && c.Kind == 0).OrderBy(c => c.Seq).Select(c => c.Content).ToListAsync();
            Assert.True(raw.Count >= 2);
            Assert.Equal(bytes, raw.SelectMany(c => c).ToArray());
            var addresses = await db.Set<ImportChunkRow>().Where(c => c.ImportId == importId && c.Kind == 1).SumAsync(c => c.Content.Length);
            Assert.Equal(imported["accepted"]!.GetValue<int>() * 16, addresses);
        }

        // A share's indicators, a page at a time, as the plan attributed them.
        var assessed = await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { date = "2024-06-10" }).ExpectAsync(HttpStatusCode.Created);
        var largest = assessed["shares"]!.AsArray().OrderByDescending(s => s!["indicatorCount"]!.GetValue<int>()).First()!;
        var shareId = largest["id"]!.GetValue<string>();
        var page = await alice.GetAsync($"/api/cases/{caseId}/shares/{shareId}/indicators?offset=3&limit=5").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(largest["indicatorCount"]!.GetValue<int>(), page["total"]!.GetValue<int>());
        Assert.Equal(5, page["items"]!.AsArray().Count);
        var first = await alice.GetAsync($"/api/cases/{caseId}/shares/{shareId}/indicators?limit=8").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(first["items"]![3]!["address"]!.GetValue<string>(), page["items"]![0]!["address"]!.GetValue<string>());
        using (var tooMany = await alice.GetAsync($"/api/cases/{caseId}/shares/{shareId}/indicators?limit=100000"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        }
    }

    [Fact]
    public async Task Import_BadTokenOrNoUsableAddress_RefusedAndProgressSaysWhy()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "Bad", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        using (var badToken = await alice.PostTextAsync($"/api/cases/{caseId}/imports?progress=no%20spaces", "8.8.8.8\n"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        }

        using (var refused = await alice.PostTextAsync($"/api/cases/{caseId}/imports?progress=bad-1", "10.0.0.1\nnonsense\n"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var progress = await alice.GetAsync($"/api/cases/{caseId}/import-progress/bad-1").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("refused", progress["stage"]!.GetValue<string>());
        Assert.Contains("line 2", progress["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.Equal(0, await db.Set<ImportChunkRow>().CountAsync());
    }

    [Fact]
    public async Task Responses_AcceptBrotli_CompressedAndAssetsCachedByContentHash()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
        request.Headers.AcceptEncoding.ParseAdd("br");
        using var page = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("br", page.Content.Headers.ContentEncoding);

        // The page links its stylesheet and script with their content hash; those URLs may be kept for a year.
        var html = await client.GetStringAsync("/sign-in");
        var css = AssetLink().Match(html);
        Assert.True(css.Success, "the layout links /css/site.css?v=<hash>");
        using var asset = await client.GetAsync(WebUtility.HtmlDecode(css.Groups[1].Value));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        using var unversioned = await client.GetAsync("/css/site.css");
        Assert.True(unversioned.Headers.CacheControl!.NoCache);

        using var json = new HttpRequestMessage(HttpMethod.Get, "/.well-known/grondslag/stix-extension-definition.json");
        json.Headers.AcceptEncoding.ParseAdd("gzip");
        using var answer = await client.SendAsync(json);
        Assert.Contains("gzip", answer.Content.Headers.ContentEncoding);
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> PollAsync(HttpClient client, string caseId, string token, Func<System.Text.Json.Nodes.JsonNode, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await client.GetAsync($"/api/cases/{caseId}/import-progress/{token}");
            if (response.StatusCode == HttpStatusCode.OK && await response.JsonAsync() is { } progress && until(progress))
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such progress for {token} within a minute");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex("href=\"(/css/site\\.css\\?v=[^\"]+)\"")]
    private static partial Regex AssetLink();
}
