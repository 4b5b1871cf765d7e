using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Grondslag.Storage.Delivery;
using Grondslag.Storage.Tests;
using Grondslag.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Grondslag.Server.Tests.Taxii;

/// <summary>The TAXII 2.1 server and delivery on release, on SQLite and PostgreSQL.</summary>
public sealed class TaxiiServerTests(ITestOutputHelper output)
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StandardClientFlow_ReleasedShare_DiscoveryRootCollectionsObjectsPagingManifestVersionsAllSchemaValidAndEveryPullAudited(DatabaseProvider provider)
    {
        await using var scenario = await TaxiiScenario.StartAsync(provider);
        using var fr = scenario.Taxii("cert-fr");
        var collection = scenario.Collection("cert-fr");
        var pulls = 0;

        var discovery = await TaxiiAsync(fr, "/taxii2/");
        Assert.Equal("/taxii2/api/", discovery["default"]!.GetValue<string>());
        var root = await TaxiiAsync(fr, discovery["api_roots"]![0]!.GetValue<string>());
        Assert.Contains("application/taxii+json;version=2.1", root["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        var collections = await TaxiiAsync(fr, "/taxii2/api/collections/");
        var only = Assert.Single(collections["collections"]!.AsArray())!;
        Assert.Equal(collection, only["id"]!.GetValue<string>());
        Assert.True(only["can_read"]!.GetValue<bool>());
        Assert.False(only["can_write"]!.GetValue<bool>());
        Assert.Equal(collection, (await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/"))["id"]!.GetValue<string>());

        // Page through everything by `next`, five at a time.
        var all = new List<JsonObject>();
        string? next = null;
        string? lastOfFirstPage = null;
        do
        {
            using var response = await fr.GetAsync($"/taxii2/api/collections/{collection}/objects/?limit=5" + (next is null ? "" : $"&next={next}"));
            pulls++;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/taxii+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("2.1", Assert.Single(response.Content.Headers.ContentType.Parameters, p => p.Name == "version").Value);
            Assert.DoesNotContain(response.Content.Headers.ContentType.Parameters, p => p.Name == "charset");
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var objects = page["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
            Assert.InRange(objects.Count, 1, 5);
            Assert.True(response.Headers.Contains("X-TAXII-Date-Added-First"));
            lastOfFirstPage ??= response.Headers.GetValues("X-TAXII-Date-Added-Last").Single();
            all.AddRange(objects);
            next = page["more"]!.GetValue<bool>() ? page["next"]!.GetValue<string>() : null;
        }
        while (next is not null);

        Assert.Equal(all.Count, all.Select(o => o["id"]!.GetValue<string>()).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(all, o => o["type"]!.GetValue<string>() == "report");
        Assert.Contains(all, o => o["type"]!.GetValue<string>() == "indicator");
        Assert.Contains(all, o => o["type"]!.GetValue<string>() == "ipv4-addr");
        Assert.All(all, AssertSchemaValid);
        await using (var db = scenario.Host.Db())
        {
            Assert.Equal(all.Count, await db.Set<TaxiiObjectRow>().CountAsync(o => o.CollectionId == collection));
        }

        // added_after: everything after the first page, in one request.
        var rest = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/?limit=1000&added_after={lastOfFirstPage}");
        pulls++;
        var restCount = rest["objects"]!.AsArray().Count;
        Assert.Equal(Math.Min(1000, all.Count - 5), restCount);
        Assert.Equal(all.Count - 5 > 1000, rest["more"]!.GetValue<bool>());
        Assert.Equal(all.Skip(5).Take(restCount).Select(o => o["id"]!.GetValue<string>()), rest["objects"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
        var filtered = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/?match[type]=report");
        pulls++;
        var report = Assert.Single(filtered["objects"]!.AsArray())!;
        var reportId = report["id"]!.GetValue<string>();

        var manifest = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/manifest/?limit=1000");
        pulls++;
        var manifestCount = manifest["objects"]!.AsArray().Count;
        Assert.Equal(Math.Min(1000, all.Count), manifestCount);
        Assert.All(manifest["objects"]!.AsArray(), m => Assert.Equal("application/stix+json;version=2.1", m!["media_type"]!.GetValue<string>()));
        var one = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/{reportId}/");
        pulls++;
        Assert.Equal(reportId, Assert.Single(one["objects"]!.AsArray())!["id"]!.GetValue<string>());
        var versions = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/{reportId}/versions/");
        pulls++;
        Assert.Equal(report["modified"]!.GetValue<string>(), Assert.Single(versions["versions"]!.AsArray())!.GetValue<string>());

        // Every pull is a receipt: actor the party, subject the collection, the objects named.
        await using (var db = scenario.Host.Db())
        {
            var receipts = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == "taxii.pull").ToListAsync();
            Assert.Equal(pulls, receipts.Count);
            Assert.All(receipts, r => Assert.Equal(("cert-fr", collection), (r.Actor, r.Subject)));
            Assert.Equal(all.Count + restCount + 1 + manifestCount + 1 + 1,
                receipts.Sum(r => JsonNode.Parse(r.Payload)!["count"]!.GetValue<int>()));
            // Delivery on release was recorded and audited in the release's transaction.
            var actions = await db.Set<AuditEntry>().AsNoTracking().Select(a => a.Action).ToListAsync();
            Assert.Equal(2, actions.Count(a => a == "delivery.taxii-publish"));
            Assert.Equal(2, actions.Count(a => a == "delivery.email-not-possible"));
        }

        var deliveries = await scenario.Alice.GetAsync($"/api/cases/{scenario.CaseId}/shares/{scenario.Shares["cert-fr"]}/deliveries").ExpectAsync(HttpStatusCode.OK);
        var steps = deliveries["deliveries"]!.AsArray();
        Assert.Contains(steps, d => d!["channel"]!.GetValue<string>() == "taxii" && d["status"]!.GetValue<string>() == "published");
        Assert.Contains(steps, d => d!["channel"]!.GetValue<string>() == "email" && d["detail"]!.GetValue<string>() == "e-mail not possible: no OpenPGP key");
        Assert.Equal(pulls, deliveries["receipts"]!.AsArray().Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Isolation_RecipientA_CannotListReadOrGuessB_404IdenticalToUnknown_WrongSecret401Basic_SecretsStoredHashed(DatabaseProvider provider)
    {
        await using var scenario = await TaxiiScenario.StartAsync(provider);
        using var fr = scenario.Taxii("cert-fr");
        var de = scenario.Collection("cert-bund");
        var unknown = Guid.NewGuid().ToString("D");

        var listed = await TaxiiAsync(fr, "/taxii2/api/collections/");
        Assert.DoesNotContain(listed["collections"]!.AsArray(), c => c!["id"]!.GetValue<string>() == de);

        string deObject;
        await using (var db = scenario.Host.Db())
        {
            deObject = await db.Set<TaxiiObjectRow>().Where(o => o.CollectionId == de && o.ObjectType == "report").Select(o => o.ObjectId).FirstAsync();
        }

        foreach (var suffix in new[] { "", "objects/", "manifest/", $"objects/{deObject}/", $"objects/{deObject}/versions/" })
        {
            var (theirs, theirsBody) = await RawAsync(fr, $"/taxii2/api/collections/{de}/{suffix}");
            var (none, noneBody) = await RawAsync(fr, $"/taxii2/api/collections/{unknown}/{suffix}");
            Assert.Equal(HttpStatusCode.NotFound, theirs);
            Assert.Equal(HttpStatusCode.NotFound, none);
            Assert.Equal(noneBody, theirsBody);
        }

        // Another recipient's object id in one's own collection: not found either.
        var (status, _) = await RawAsync(fr, $"/taxii2/api/collections/{scenario.Collection("cert-fr")}/objects/{deObject}/");
        Assert.Equal(HttpStatusCode.NotFound, status);

        foreach (var client in new[] { scenario.Taxii("cert-fr", "wrong-secret"), scenario.Taxii("cert-bund", scenario.Clients["cert-fr"]["secret"]!.GetValue<string>()), scenario.Host.CreateClient() })
        {
            using (client)
            {
                using var response = await client.GetAsync("/taxii2/api/collections/");
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
            }
        }

        await using (var db = scenario.Host.Db())
        {
            var rows = await db.Set<TaxiiClientRow>().AsNoTracking().ToListAsync();
            Assert.Equal(2, rows.Count);
            var audit = await db.Set<AuditEntry>().AsNoTracking().Select(a => a.Payload).ToListAsync();
            foreach (var secret in scenario.Clients.Values.Select(c => c["secret"]!.GetValue<string>()))
            {
                Assert.True(secret.Length >= 40);
                Assert.All(rows, r => Assert.DoesNotContain(secret, r.SecretHash, StringComparison.Ordinal));
                Assert.All(rows, r => Assert.StartsWith("pbkdf2-sha256$", r.SecretHash, StringComparison.Ordinal));
                Assert.All(audit, p => Assert.DoesNotContain(secret, p, StringComparison.Ordinal));
            }
        }

        // Recipients never write, and internal accounts cannot pull with their bearer token.
        using var bearer = await scenario.Host.SignedInAsync("cert-fr-machine", ["recipient"], "cert-fr");
        using var withBearer = await bearer.GetAsync("/taxii2/api/collections/");
        Assert.Equal(HttpStatusCode.Unauthorized, withBearer.StatusCode);
        using var post = await fr.PostAsync($"/taxii2/api/collections/{scenario.Collection("cert-fr")}/objects/", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Withdraw_ReleasedShare_RevokedAsNewVersionOnTaxiiDeletionRequestRecordedOnceAndAudited(DatabaseProvider provider)
    {
        await using var scenario = await TaxiiScenario.StartAsync(provider);
        using var fr = scenario.Taxii("cert-fr");
        var collection = scenario.Collection("cert-fr");
        var share = scenario.Shares["cert-fr"];
        var before = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/?match[type]=report");
        var report = Assert.Single(before["objects"]!.AsArray())!;
        var reportId = report["id"]!.GetValue<string>();
        var lastAdded = (await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/manifest/?limit=1000"))["objects"]!.AsArray()[^1]!["date_added"]!.GetValue<string>();
        var beforeAll = (await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/?limit=1000"))["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        var addresses = beforeAll.Where(o => o["type"]!.GetValue<string>() is "ipv4-addr" or "ipv6-addr").Select(o => o["value"]!.GetValue<string>()).ToList();
        var indicatorIds = beforeAll.Where(o => o["type"]!.GetValue<string>() == "indicator").Select(o => o["id"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(addresses);

        using var analyst = await scenario.Host.SignedInAsync("ana", ["analyst"]);
        scenario.Host.Clock.Advance(TimeSpan.FromMinutes(30));
        await analyst.PostAsJsonAsync($"/api/cases/{scenario.CaseId}/shares/{share}/withdraw", new { reason = "The originator withdrew consent." })
            .ExpectAsync(HttpStatusCode.Forbidden);
        await scenario.Bob.PostAsJsonAsync($"/api/cases/{scenario.CaseId}/shares/{share}/withdraw", new { reason = "" }).ExpectAsync(HttpStatusCode.BadRequest);
        var withdrawn = await scenario.Bob.PostAsJsonAsync($"/api/cases/{scenario.CaseId}/shares/{share}/withdraw", new { reason = "The originator withdrew consent." })
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("bob", withdrawn["withdrawnBy"]!.GetValue<string>());
        await scenario.Bob.PostAsJsonAsync($"/api/cases/{scenario.CaseId}/shares/{share}/withdraw", new { reason = "again" }).ExpectAsync(HttpStatusCode.Conflict);

        var after = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/?match[type]=report");
        var revoked = Assert.Single(after["objects"]!.AsArray())!.AsObject();
        Assert.True(revoked["revoked"]!.GetValue<bool>());
        Assert.Contains("The originator withdrew consent.", revoked["description"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertSchemaValid(revoked);
        var versions = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/{reportId}/versions/");
        Assert.Equal([report["modified"]!.GetValue<string>(), revoked["modified"]!.GetValue<string>()], versions["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        var both = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/{reportId}/?match[version]=all");
        Assert.Equal(2, both["objects"]!.AsArray().Count);

        // A client that pulled before sees only the revocation record when it continues with added_after: the report,
        // revoked, naming every indicator to delete.
        var news = await TaxiiAsync(fr, $"/taxii2/api/collections/{collection}/objects/?limit=1000&added_after={lastAdded}");
        var newObjects = news["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.NotEmpty(newObjects);
        Assert.All(newObjects.Where(o => o["type"]!.GetValue<string>() is "indicator" or "report"), o => Assert.True(o["revoked"]!.GetValue<bool>()));
        Assert.All(newObjects, AssertSchemaValid);
        Assert.Subset(newObjects.Single(o => o["type"]!.GetValue<string>() == "report")["object_refs"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(), indicatorIds.ToHashSet());

        // Withdrawal leaves nothing: no pull of any kind returns a withdrawn address any more.
        string[] pulls =
        [
            $"/taxii2/api/collections/{collection}/objects/?limit=1000",
            $"/taxii2/api/collections/{collection}/objects/?limit=1000&match[version]=all",
            $"/taxii2/api/collections/{collection}/objects/?limit=1000&added_after={lastAdded}",
            $"/taxii2/api/collections/{collection}/manifest/?limit=1000&match[version]=all",
            .. indicatorIds.Take(3).Select(id => $"/taxii2/api/collections/{collection}/objects/{id}/versions/"),
            .. indicatorIds.Take(3).Select(id => $"/taxii2/api/collections/{collection}/objects/{id}/?match[version]=all"),
        ];
        foreach (var pull in pulls)
        {
            var response = await fr.GetAsync(pull);
            var text = await response.Content.ReadAsStringAsync();
            Assert.All(addresses, a => Assert.DoesNotMatch(@"(?<![0-9A-Fa-f.:])" + System.Text.RegularExpressions.Regex.Escape(a) + @"(?![0-9A-Fa-f.:])", text));
        }

        var deliveries = await scenario.Bob.GetAsync($"/api/cases/{scenario.CaseId}/shares/{share}/deliveries").ExpectAsync(HttpStatusCode.OK);
        var withdrawals = deliveries["deliveries"]!.AsArray().Where(d => d!["kind"]!.GetValue<string>() == "withdrawal").ToList();
        Assert.Equal(["email", "taxii"], withdrawals.Select(d => d!["channel"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        await using var db = scenario.Host.Db();
        var actions = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Subject == share).Select(a => a.Action).ToListAsync();
        Assert.Single(actions, a => a == "share.withdraw");
        Assert.Single(actions, a => a == "delivery.taxii-revoke");
        Assert.Equal(2, actions.Count(a => a == "delivery.email-not-possible"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ConcurrentPulls_200AtOnce_AllServedAndAllReceipted(DatabaseProvider provider)
    {
        await using var scenario = await TaxiiScenario.StartAsync(provider);
        var collection = scenario.Collection("cert-fr");
        using var warm = scenario.Taxii("cert-fr");
        await TaxiiAsync(warm, $"/taxii2/api/collections/{collection}/objects/?limit=50");
        var clients = Enumerable.Range(0, 200).Select(_ => scenario.Taxii("cert-fr")).ToList();
        try
        {
            var watch = Stopwatch.StartNew();
            var responses = await Task.WhenAll(clients.Select(async c =>
            {
                using var response = await c.GetAsync($"/taxii2/api/collections/{collection}/objects/?limit=50");
                return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Length);
            }));
            watch.Stop();
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            output.WriteLine($"200 concurrent pulls (50 objects each, {provider}) in {watch.Elapsed.TotalMilliseconds:F0} ms: {200 / watch.Elapsed.TotalSeconds:F0} requests/s");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        await using var db = scenario.Host.Db();
        Assert.Equal(201, await db.Set<AuditEntry>().CountAsync(a => a.Action == "taxii.pull"));
    }

    private static void AssertSchemaValid(JsonObject stix)
    {
        using var document = JsonDocument.Parse(stix.ToJsonString());
        var errors = StixSchemas.ObjectErrors(document.RootElement);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static async Task<JsonNode> TaxiiAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/taxii+json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(text)!;
    }

    private static async Task<(HttpStatusCode Status, string Body)> RawAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
