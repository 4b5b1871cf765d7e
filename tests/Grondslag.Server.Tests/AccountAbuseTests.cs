using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Grondslag.Server.Accounts;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>
/// Issue 17, items 2 and 4 on the real server: bounded sign-in input, sessions that end on sign-out, password change and
/// disabling, single-use one-time passwords with a forced change, the password policy, throttling that cannot lock staff
/// out, and one answer for known and unknown names.
/// </summary>
public sealed class AccountAbuseTests
{
    public static TheoryData<DatabaseProvider> Providers => Storage.Tests.TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SignIn_SixtyMegabyteUserName_RefusedBeforeTheLog(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var client = host.CreateClient();
        var before = await AuditSizeAsync(host);

        using var huge = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = new string('a', 60 << 20), password = "x" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(before, await AuditSizeAsync(host));

        // Under the body limit but over the name's: refused, and the log keeps a bounded, hashed name only.
        var name = new string('b', 100_000);
        using var refused = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName = name, password = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await using var db = host.Db();
        var longest = await db.Set<AuditEntry>().MaxAsync(e => (int?)(e.Actor.Length + (e.Subject ?? "").Length + e.Payload.Length)) ?? 0;
        Assert.True(longest < 2_000, $"an audit entry holds {longest} characters of request input");
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Bounded_AnyName_KeepsAtMostItsStartAndAHashOfAll(string? raw)
    {
        var name = raw ?? "";
        var bounded = AccountSignIn.Bounded(name);
        var whole = name.Length is > 0 and <= AccountSignIn.LoggedNameLength && !name.Any(c => char.IsControl(c) || char.IsSurrogate(c));
        return bounded.Length <= AccountSignIn.LoggedNameLength + 60
            && !bounded.Any(char.IsControl)
            && (whole ? bounded == name : name.Length == 0 ? bounded == "(none)" : bounded.Contains("sha256:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SignOut_AnyToken_EndsEveryTokenOfTheAccount(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var first = await host.SignedInAsync("alice", ["analyst"]);
        using var second = await SecondSessionAsync(host, "alice");
        await first.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.OK);
        await second.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.OK);

        await first.PostAsync("/api/auth/sign-out", null).ExpectAsync(HttpStatusCode.NoContent);

        await first.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.Unauthorized);
        await second.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.Unauthorized);
        using var again = await SecondSessionAsync(host, "alice");
        await again.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ChangePassword_EndsEveryTokenAndTheOldPassword(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var first = await host.SignedInAsync("alice", ["analyst"]);
        using var second = await SecondSessionAsync(host, "alice");
        const string chosen = "Velvet-pylon-marsh-2031";

        await first.PostAsJsonAsync("/api/auth/password", new { currentPassword = TestServerHost.Password, newPassword = chosen }).ExpectAsync(HttpStatusCode.NoContent);

        await first.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.Unauthorized);
        await second.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.Unauthorized);
        using var anonymous = host.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alice", password = TestServerHost.Password }).ExpectAsync(HttpStatusCode.Unauthorized);
        await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alice", password = chosen }).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DisableAccount_EndsItsTokensAndSignInAnswersAsForAWrongPassword(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);

        await admin.PostAsync("/api/admin/accounts/alice/disable", null).ExpectAsync(HttpStatusCode.NoContent);

        await alice.GetAsync("/api/cases").ExpectAsync(HttpStatusCode.Unauthorized);
        using var anonymous = host.CreateClient();
        var disabled = await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alice", password = TestServerHost.Password }).ExpectAsync(HttpStatusCode.Unauthorized);
        var unknown = await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "nobody", password = TestServerHost.Password }).ExpectAsync(HttpStatusCode.Unauthorized);
        disabled.AsObject().Remove("traceId");
        unknown.AsObject().Remove("traceId");
        Assert.Equal(unknown.ToJsonString(), disabled.ToJsonString());
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "account.disable" && e.Subject == "alice"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OneTimePassword_SignsInOnceToAPasswordChangeOnly_ThenTheOwnPasswordWorks(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var created = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = "auditor-ann", roles = new[] { "auditor" } }).ExpectAsync(HttpStatusCode.Created);
        var oneTime = created["oneTimePassword"]!.GetValue<string>();
        Assert.Equal(24, oneTime.Length);

        using var restricted = await BearerAsync(host, "auditor-ann", oneTime);
        var blocked = await restricted.GetAsync("/api/audit/checkpoints").ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("one-time password", blocked["title"]!.GetValue<string>(), StringComparison.Ordinal);

        // Single use: the same one-time password does not sign in again.
        using var anonymous = host.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "auditor-ann", password = oneTime }).ExpectAsync(HttpStatusCode.Unauthorized);

        // The policy applies to the new password; a common one dressed up is refused.
        var weak = await restricted.PostAsJsonAsync("/api/auth/password", new { currentPassword = oneTime, newPassword = "Password1234!" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("too common", weak["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        const string chosen = "Quiet-harbour-engine-77";
        await restricted.PostAsJsonAsync("/api/auth/password", new { currentPassword = oneTime, newPassword = chosen }).ExpectAsync(HttpStatusCode.NoContent);
        await restricted.GetAsync("/api/audit/checkpoints").ExpectAsync(HttpStatusCode.Unauthorized);

        using var full = await BearerAsync(host, "auditor-ann", chosen);
        await full.GetAsync("/api/audit/checkpoints").ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task OneTimePassword_WithNewPasswordInTheSignIn_GivesAFullSessionAtOnce(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var created = await admin.PostAsJsonAsync("/api/admin/accounts", new { userName = "auditor-bo", roles = new[] { "auditor" } }).ExpectAsync(HttpStatusCode.Created);
        using var anonymous = host.CreateClient();

        var token = await anonymous.PostAsJsonAsync("/api/auth/sign-in",
            new { userName = "auditor-bo", password = created["oneTimePassword"]!.GetValue<string>(), newPassword = "Silver-comet-bakery-42" }).ExpectAsync(HttpStatusCode.OK);

        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["accessToken"]!.GetValue<string>());
        await client.GetAsync("/api/audit/checkpoints").ExpectAsync(HttpStatusCode.OK);
        await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "auditor-bo", password = created["oneTimePassword"]!.GetValue<string>() }).ExpectAsync(HttpStatusCode.Unauthorized);
    }

    private static readonly string[] CommonWords = ["password", "welkom", "qwerty", "dragon", "sunshine", "wachtwoord", "letmein", "iloveyou"];

    private static readonly string[] Symbols = ["", "!", "#", "@", "!!", "-", "_"];

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool PasswordPolicy_AnyCommonWordDressedUp_IsRefused(byte wordIndex, ushort number, byte symbolIndex, byte style)
    {
        var word = CommonWords[wordIndex % CommonWords.Length];
        var symbol = Symbols[symbolIndex % Symbols.Length];
        var dressed = (style % 4) switch
        {
            0 => char.ToUpperInvariant(word[0]) + word[1..],
            1 => word.ToUpperInvariant(),
            2 => word.Replace('o', '0').Replace('e', '3').Replace('a', '@'),
            _ => word,
        };
        var digits = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return PasswordPolicy.IsCommon(dressed + digits + symbol) && PasswordPolicy.IsCommon(symbol + digits + dressed);
    }

    [Fact]
    public void PasswordPolicy_OwnPassphrasesAndOneTimePasswords_AreNotCommon()
    {
        Assert.False(PasswordPolicy.IsCommon("Velvet-pylon-marsh-2031"));
        Assert.False(PasswordPolicy.IsCommon(TestServerHost.Password));
        Assert.True(PasswordPolicy.IsCommon("Password1234!"));
        for (var i = 0; i < 100; i++)
        {
            Assert.False(PasswordPolicy.IsCommon(PasswordPolicy.NewOneTimePassword()));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Guessing_FromOneSource_IsThrottledThere_AndTheOwnerStillSignsInFromElsewhere(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        await host.CreateAccountAsync("duty-dora", ["duty-officer"]);
        using var attacker = host.CreateClient();
        attacker.DefaultRequestHeaders.Add(TestSourceAddress.Header, "203.0.113.66");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var response = await attacker.PostAsJsonAsync("/api/auth/sign-in", new { userName = "duty-dora", password = "guess-" + i });
            answers.Add(response.StatusCode);
        }

        Assert.Equal(SignInThrottle.FreePerName, answers.TakeWhile(a => a == HttpStatusCode.Unauthorized).Count());
        Assert.Contains(HttpStatusCode.TooManyRequests, answers);
        // Even the right password waits at the attacker's address…
        using (var blocked = await attacker.PostAsJsonAsync("/api/auth/sign-in", new { userName = "duty-dora", password = TestServerHost.Password }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
            Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        // …but the duty officer, from her own address, is not locked out.
        using var owner = host.CreateClient();
        owner.DefaultRequestHeaders.Add(TestSourceAddress.Header, "198.51.100.7");
        await owner.PostAsJsonAsync("/api/auth/sign-in", new { userName = "duty-dora", password = TestServerHost.Password }).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_KnownAndUnknownNames_SameAnswerAndSameTime()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        await host.CreateAccountAsync("admin-known", ["administrator"]);
        using var client = host.CreateClient();
        var known = new List<double>();
        var unknown = new List<double>();
        string? knownAnswer = null, unknownAnswer = null;
        for (var i = 0; i < 24; i++)
        {
            // A fresh source each time, so throttling does not enter into it.
            var isKnown = i % 2 == 0;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-in")
            {
                Content = JsonContent.Create(new { userName = isKnown ? "admin-known" : "nobody-" + i, password = "wrong-password-" + i }),
            };
            request.Headers.Add(TestSourceAddress.Header, $"192.0.2.{i + 1}");
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            clock.Stop();
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            body.AsObject().Remove("traceId");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            if (i >= 4)
            {
                (isKnown ? known : unknown).Add(clock.Elapsed.TotalMilliseconds);
            }

            if (isKnown)
            {
                knownAnswer = body.ToJsonString();
            }
            else
            {
                unknownAnswer = body.ToJsonString();
            }
        }

        Assert.Equal(knownAnswer, unknownAnswer);
        var (k, u) = (Median(known), Median(unknown));
        Assert.True(Math.Max(k, u) / Math.Max(1, Math.Min(k, u)) < 2.5, $"median {k:F1} ms for a known name, {u:F1} ms for an unknown one");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApiInput_OverItsBound_RefusedWithTheFieldNamed(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);

        var title = await alice.PostAsJsonAsync("/api/cases", new { title = new string('t', 20_000), source = "MIVD" }).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("title: at most", title["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        using var body = await alice.PostAsJsonAsync("/api/cases", new { title = new string('t', 20 << 20), source = "MIVD" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, body.StatusCode);
        await using var db = host.Db();
        Assert.Equal(0, await db.Set<Grondslag.Storage.Cases.CaseRow>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ListCases_ManyCases_PagedByCursorInCreationOrder(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        var made = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            made.Add((await alice.PostAsJsonAsync("/api/cases", new { title = $"case {i}", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>());
        }

        var seen = new List<string>();
        var url = "/api/cases?limit=3";
        var pages = 0;
        while (url is not null)
        {
            using var response = await alice.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
            Assert.True(page.Count <= 3);
            seen.AddRange(page.Select(c => c!["id"]!.GetValue<string>()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
            pages++;
        }

        Assert.Equal(made, seen);
        Assert.Equal(3, pages);
        await alice.GetAsync("/api/cases?limit=100000").ExpectAsync(HttpStatusCode.BadRequest);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<long> AuditSizeAsync(TestServerHost host)
    {
        await using var db = host.Db();
        return await db.Set<AuditEntry>().LongCountAsync();
    }

    private static async Task<HttpClient> SecondSessionAsync(TestServerHost host, string userName) => await BearerAsync(host, userName, TestServerHost.Password);

    private static async Task<HttpClient> BearerAsync(TestServerHost host, string userName, string password)
    {
        var client = host.CreateClient();
        var token = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password }).ExpectAsync(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["accessToken"]!.GetValue<string>());
        return client;
    }
}
