using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grondslag.Storage;

namespace Grondslag.Server.Tests.Taxii;

/// <summary>Issue 17, item 3: TAXII answers do not reveal who has credentials; wrong secrets are slowed per source.</summary>
public sealed class TaxiiAbuseTests
{
    [Fact]
    public async Task WrongSecret_KnownAndUnknownParty_SameAnswerAndSameTime_ThenThrottled()
    {
        await using var scenario = await TaxiiScenario.StartAsync(DatabaseProvider.Sqlite);
        var known = new List<double>();
        var unknown = new List<double>();
        string? knownBody = null, unknownBody = null;
        for (var i = 0; i < 16; i++)
        {
            var isKnown = i % 2 == 0;
            using var client = scenario.Host.CreateClient();
            var party = isKnown ? "cert-fr" : "cert-xx";
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{party}:wrong-secret-{i}")));
            client.DefaultRequestHeaders.Accept.ParseAdd(TaxiiScenario.TaxiiMedia);
            // A fresh source each time, so the failure throttle does not enter into the timing.
            client.DefaultRequestHeaders.Add(TestSourceAddress.Header, $"192.0.2.{i + 1}");
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync("/taxii2/api/collections/");
            clock.Stop();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            if (i >= 2)
            {
                (isKnown ? known : unknown).Add(clock.Elapsed.TotalMilliseconds);
            }

            if (isKnown)
            {
                knownBody = body;
            }
            else
            {
                unknownBody = body;
            }
        }

        Assert.Equal(knownBody, unknownBody);
        var (k, u) = (Median(known), Median(unknown));
        Assert.True(Math.Max(k, u) / Math.Max(1, Math.Min(k, u)) < 2.5, $"median {k:F1} ms with credentials, {u:F1} ms without");

        // From one address, repeated wrong secrets are answered 429 (no key derivation) after a few; the right client elsewhere still pulls.
        using var attacker = scenario.Taxii("cert-fr", "still-wrong");
        attacker.DefaultRequestHeaders.Add(TestSourceAddress.Header, "203.0.113.9");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await attacker.GetAsync("/taxii2/api/collections/");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        using var recipient = scenario.Taxii("cert-fr");
        recipient.DefaultRequestHeaders.Add(TestSourceAddress.Header, "198.51.100.20");
        using var pulled = await recipient.GetAsync("/taxii2/api/collections/");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
