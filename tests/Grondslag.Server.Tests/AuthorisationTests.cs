using System.Net;
using Grondslag.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Grondslag.Server.Tests;

/// <summary>Every endpoint × every role: exactly the allowed roles get past authorisation; recipients never learn what exists.</summary>
public sealed class AuthorisationTests
{
    private static readonly string[] AllRoles = ["analyst", "duty-officer", "legal-adviser", "nctv-adviser", "decision-maker", "auditor", "administrator", "recipient"];
    private static readonly string[] Readers = ["analyst", "duty-officer", "legal-adviser", "nctv-adviser", "decision-maker", "auditor"];
    private static readonly string[] Workers = ["analyst", "duty-officer", "decision-maker"];
    private static readonly string[] BreachWriters = ["decision-maker", "duty-officer", "legal-adviser"];
    private static readonly string[] BreachReaders = ["decision-maker", "duty-officer", "legal-adviser", "auditor"];

    private sealed record Endpoint(string Method, string Path, object? Body, string[] Allowed, bool Text = false);

    private static readonly Endpoint[] Endpoints =
    [
        new("GET", "/api/cases", null, Readers),
        new("POST", "/api/cases", new { title = "t", source = "MIVD" }, ["analyst"]),
        new("GET", "/api/cases/case-unknown", null, Readers),
        new("POST", "/api/cases/case-unknown/imports", null, ["analyst"], Text: true),
        new("POST", "/api/cases/case-unknown/assessments", new { date = "2024-06-10" }, ["analyst"]),
        new("POST", "/api/cases/case-unknown/reassessments", null, ["analyst", "duty-officer"]),
        new("POST", "/api/cases/case-unknown/what-ifs", new { regime = "cbw", date = "2024-06-10" }, ["analyst", "duty-officer"]),
        new("GET", "/api/cases/case-unknown/what-ifs", null, Readers),
        new("GET", "/api/cases/case-unknown/shares/share-unknown", null, Readers),
        new("POST", "/api/cases/case-unknown/shares/share-unknown/advice-requests", new { adviser = "legal", question = "q" }, ["analyst", "duty-officer", "decision-maker"]),
        new("POST", "/api/cases/case-unknown/shares/share-unknown/advice-requests/advice-x/answer", new { advice = "a" }, ["legal-adviser", "nctv-adviser"]),
        new("POST", "/api/cases/case-unknown/shares/share-unknown/confirmations", new { condition = "c", reference = "r" }, ["analyst", "duty-officer", "legal-adviser"]),
        new("POST", "/api/cases/case-unknown/shares/share-unknown/decision", new { outcome = "approve", motivation = "m" }, ["duty-officer", "decision-maker"]),
        new("POST", "/api/cases/case-unknown/shares/share-unknown/release", null, ["analyst", "duty-officer"]),
        new("POST", "/api/cases/case-unknown/handover", new { to = "x", note = "n" }, Workers),
        new("POST", "/api/cases/case-unknown/handover/accept", null, Workers),
        new("DELETE", "/api/cases/case-unknown/handover", null, Workers),
        new("POST", "/api/cases/case-unknown/closure", new { reason = "r" }, Workers),
        new("POST", "/api/cases/case-unknown/decisions", new { shareIds = new[] { "share-unknown" }, outcome = "approve", motivation = "m" }, ["duty-officer", "decision-maker"]),
        new("POST", "/api/cases/case-unknown/releases", new { shareIds = new[] { "share-unknown" } }, ["analyst", "duty-officer"]),
        new("POST", "/api/admin/accounts", new { userName = "new-{role}", roles = new[] { "auditor" } }, ["administrator"]),
        new("GET", "/api/admin/parties", null, ["administrator"]),
        new("POST", "/api/admin/accounts/nobody/disable", null, ["administrator"]),
        new("POST", "/api/admin/accounts/nobody/enable", null, ["administrator"]),

        new("PUT", "/api/admin/accounts/nobody/email", new { email = "nobody@ncsc.example" }, ["administrator"]),
        new("POST", "/api/admin/account-grants/999999/approval", null, ["administrator"]),
        new("POST", "/api/admin/activation-proposals/999999/approval", null, ["administrator"]),
        new("GET", "/api/recipient/shares", null, ["recipient"]),
        new("GET", "/api/recipient/shares/share-unknown", null, ["recipient"]),
        new("GET", "/api/audit/entries", null, ["auditor"]),
        new("GET", "/api/audit/verification", null, ["auditor"]),
        new("GET", "/api/audit/checkpoints", null, ["auditor"]),
        new("GET", "/api/audit/public-key", null, ["auditor"]),
        new("GET", "/api/audit/proofs/inclusion?index=0", null, ["auditor"]),
        new("GET", "/api/audit/proofs/consistency?from=1&to=1", null, ["auditor"]),
        new("GET", "/api/admin/rule-set", null, ["administrator", "auditor"]),
        new("POST", "/api/admin/rule-set/activation", new { }, ["administrator"]),
        new("PUT", "/api/admin/parties", null, ["administrator"], Text: true),
        new("GET", "/api/cases/case-unknown/shares/share-unknown/deliveries", null, Readers),
        new("GET", "/api/cases/case-unknown/shares/share-unknown/indicators", null, Readers),
        new("GET", "/api/cases/case-unknown/shares/share-unknown/released/stix", null, Readers),
        new("GET", "/api/cases/case-unknown/import-progress/token-unknown", null, ["analyst"]),
        new("POST", "/api/admin/parties/keys", new { armoured = "" }, ["administrator"]),
        new("POST", "/api/cases/case-unknown/shares/share-unknown/withdraw", new { reason = "r" }, ["duty-officer", "decision-maker"]),
        new("POST", "/api/admin/taxii-clients", new { party = "cert-fr" }, ["administrator"]),
        new("DELETE", "/api/admin/taxii-clients/party-unknown", null, ["administrator"]),

        new("GET", "/api/admin/account-grants", null, ["administrator"]),
        new("POST", "/api/admin/accounts/nobody/disable", null, ["administrator"]),
        new("POST", "/api/admin/accounts/nobody/enable", null, ["administrator"]),
        new("POST", "/api/reviews", null, BreachWriters),
        new("GET", "/api/reports/regime-comparison", null, BreachReaders),
        new("GET", "/api/breaches", null, BreachReaders),
        new("POST", "/api/breaches", new { contactPoint = "dpo@ncsc.example" }, BreachWriters),
        new("GET", "/api/breaches/breach-unknown", null, BreachReaders),
        new("GET", "/api/breaches/breach-unknown/notification", null, BreachReaders),
        new("POST", "/api/breaches/breach-unknown/deletions/cert-fr/confirmation", new { reference = "r" }, BreachWriters),
        new("POST", "/api/breaches/breach-unknown/notifications", new { reference = "r" }, BreachWriters),
        new("POST", "/api/breaches/breach-unknown/not-notified", new { reasons = "r" }, BreachWriters),
    ];

    /// <summary>Endpoints anyone may call (signing in) or any signed-in user (own password).</summary>
    private static readonly string[] Open = ["POST /api/auth/sign-in", "POST /api/auth/password", "POST /api/auth/sign-out"];

    [Fact]
    public async Task Table_CoversEveryApiEndpointTheServerMaps()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        var routes = host.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet(StringComparer.Ordinal);
        var covered = Endpoints.Select(e => $"{e.Method} {Template(e.Path)}").Concat(Open).ToHashSet(StringComparer.Ordinal);

        var missing = routes.Where(r => !covered.Any(c => Matches(r, c))).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "endpoints without an authorisation row: " + string.Join(", ", missing));
    }

    private static string Template(string path) => path.Split('?')[0].TrimEnd('/');

    /// <summary>A route template matches a concrete path when every literal segment agrees.</summary>
    private static bool Matches(string route, string concrete)
    {
        var r = route.Split(' ', '/');
        var c = concrete.Split(' ', '/');
        return r.Length == c.Length && r.Zip(c).All(x => x.First.StartsWith('{') || x.First == x.Second);
    }

    [Fact]
    public async Task EveryEndpointEveryRole_OnlyAllowedRolesPass_RecipientsGet404()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        var failures = new List<string>();
        using var anonymous = host.CreateClient();
        foreach (var role in AllRoles)
        {
            using var client = await host.SignedInAsync("user-" + role, [role], role == "recipient" ? "cert-fr" : null);
            foreach (var e in Endpoints)
            {
                using var response = await SendAsync(client, e, role);
                var status = response.StatusCode;
                var allowed = e.Allowed.Contains(role);
                var passed = status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    && !(role == "recipient" && !allowed && status == HttpStatusCode.NotFound);
                var ok = allowed ? passed && (int)status < 500 : role == "recipient" ? status == HttpStatusCode.NotFound : status == HttpStatusCode.Forbidden;
                if (!ok)
                {
                    failures.Add($"{role} {e.Method} {e.Path}: {(int)status} (allowed: {allowed})");
                }
            }
        }

        foreach (var e in Endpoints)
        {
            using var response = await SendAsync(anonymous, e, "anonymous");
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"anonymous {e.Method} {e.Path}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Endpoint e, string role)
    {
        if (e.Method == "GET")
        {
            return client.GetAsync(e.Path);
        }

        if (e.Method == "DELETE")
        {
            return client.DeleteAsync(e.Path);
        }

        if (e.Method == "PUT")
        {
            return client.PutAsync(e.Path, new ByteArrayContent("parties: []\n"u8.ToArray()));
        }

        if (e.Text)
        {
            return client.PostTextAsync(e.Path, "8.8.8.8\n"u8.ToArray());
        }

        var body = e.Body is null ? null : System.Text.Json.JsonSerializer.Serialize(e.Body).Replace("{role}", role, StringComparison.Ordinal);
        return client.PostAsync(e.Path, body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
    }
}
