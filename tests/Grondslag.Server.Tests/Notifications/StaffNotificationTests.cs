using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Grondslag.Application.Notifications;
using Grondslag.Delivery.Tests.Email;
using Grondslag.Domain.Notifications;
using Grondslag.Server.Notifications;
using Grondslag.Server.Web;
using Grondslag.Storage;
using Grondslag.Storage.Notifications;
using Grondslag.Storage.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Grondslag.Server.Tests.Notifications;

/// <summary>
/// Staff notices through a real SMTP exchange on loopback (aiosmtpd): advisers of the requested kind are told of a
/// new advice request, the owner of a deadline coming near; each notice once (a second pass, like a restart, sends
/// nothing), in the reader's language, audited; an account without an address is recorded, not mailed.
/// </summary>
public sealed class StaffNotificationTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunAsync_AdviceRequestAndDeadlines_EachNoticeOnceInTheReadersLanguageAndAudited(DatabaseProvider provider)
    {
        using var smtp = SmtpTestServer.Start();
        await using var host = await TestServerHost.StartAsync(provider, settings: new Dictionary<string, string>
        {
            ["Grondslag:Delivery:Smtp:Host"] = "127.0.0.1",
            ["Grondslag:Delivery:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Grondslag:Delivery:Smtp:RequireTls"] = "false",
            [StaffNotifier.PollKey] = "86400",
            [StaffNoticeMail.BaseUrlKey] = "https://grondslag.ncsc.example/",
        });
        using var admin = await host.SignedInAsync("ada", ["administrator"]);
        using var alice = await host.SignedInAsync("alice", ["analyst"]);
        await host.CreateAccountAsync("jurist", ["legal-adviser"]);
        await host.CreateAccountAsync("lawyer", ["legal-adviser"]);
        await host.CreateAccountAsync("zonder", ["legal-adviser"]);
        await host.CreateAccountAsync("nctv", ["nctv-adviser"]);
        foreach (var (user, email) in new[] { ("jurist", "jurist@ncsc.example"), ("lawyer", "lawyer@ncsc.example"), ("nctv", "nctv@ncsc.example"), ("alice", "alice@ncsc.example") })
        {
            await admin.PutAsJsonAsync($"/api/admin/accounts/{user}/email", new { email }).ExpectAsync(HttpStatusCode.NoContent);
        }

        await admin.PutAsJsonAsync("/api/admin/accounts/jurist/email", new { email = "a@b.example\r\nBcc: evil@example.org" }).ExpectAsync(HttpStatusCode.BadRequest);
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            await users.AddClaimAsync((await users.FindByNameAsync("lawyer"))!, new Claim(Localisation.LanguageClaim, "en"));
        }

        var deadline = TestServerHost.Now.AddHours(30);
        var caseId = (await alice.PostAsJsonAsync("/api/cases", new { title = "COATHANGER", source = "MIVD", tlp = "amber", urgency = "urgent", deadline })
            .ExpectAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        await alice.PostTextAsync($"/api/cases/{caseId}/imports?fileName=coathanger-2024.txt", await File.ReadAllBytesAsync(Path.Combine(TestServerHost.Root, "examples", "coathanger-2024.txt")))
            .ExpectAsync(HttpStatusCode.Created);
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/assessments", new { }).ExpectAsync(HttpStatusCode.Created);
        var share = (await alice.GetAsync($"/api/cases/{caseId}").ExpectAsync(HttpStatusCode.OK))["shares"]!["items"]!.AsArray()
            .First(s => s!["verdict"]!.GetValue<string>() == "permitted")!["id"]!.GetValue<string>();
        await alice.PostAsJsonAsync($"/api/cases/{caseId}/shares/{share}/advice-requests", new { adviser = "legal", question = "Mag dit naar het CSIRT?" }).ExpectAsync(HttpStatusCode.Created);

        var first = await RunAsync(host);
        Assert.Equal(2, first.Sent);
        Assert.Equal(1, first.WithoutAddress);
        var received = smtp.Received();
        Assert.Equal(["jurist@ncsc.example", "lawyer@ncsc.example"], received.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var dutch = received.Single(m => m.To.Mailboxes.Single().Address == "jurist@ncsc.example");
        var english = received.Single(m => m.To.Mailboxes.Single().Address == "lawyer@ncsc.example");
        Assert.Equal("[Grondslag] Advies gevraagd: COATHANGER", dutch.Subject);
        Assert.Equal("[Grondslag] Advice asked: COATHANGER", english.Subject);
        Assert.Contains("Mag dit naar het CSIRT?", dutch.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://grondslag.ncsc.example/cases/{caseId}/shares/", english.TextBody, StringComparison.Ordinal);
        Assert.Contains("Deadline: " + Display.Time(deadline), english.TextBody, StringComparison.Ordinal);
        Assert.Equal("plain", Assert.IsType<TextPart>(dutch.Body).ContentType.MediaSubtype);

        // A second pass (as after a restart) sends nothing again; the NCTV adviser was never asked.
        Assert.Equal(new NoticeRun(0, 0, 0), await RunAsync(host));
        Assert.Equal(2, smtp.Received().Count);

        // 30 hours before the deadline nothing is due; at 23 hours the owner gets the 24-hour reminder, once; at 3 hours the 4-hour one.
        host.Clock.Advance(TimeSpan.FromHours(7));
        Assert.Equal(1, (await RunAsync(host)).Sent);
        Assert.Equal(0, (await RunAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(1, (await RunAsync(host)).Sent);
        host.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(0, (await RunAsync(host)).Sent);
        var reminders = smtp.Received().Where(m => m.To.Mailboxes.Single().Address == "alice@ncsc.example").Select(m => m.Subject).ToList();
        Assert.Equal(["[Grondslag] Termijn nadert: COATHANGER", "[Grondslag] Termijn nadert: COATHANGER"], reminders);

        await using var db = host.Db();
        var notices = await db.Set<NoticeRow>().ToListAsync();
        Assert.Equal(5, notices.Count);
        Assert.Equal("no-address", notices.Single(n => n.Recipient == "zonder").State);
        var audit = await db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(a => a.Action.StartsWith("notification.")).ToListAsync();
        Assert.Equal(4, audit.Count(a => a.Action == "notification.queue"));
        Assert.Equal(4, audit.Count(a => a.Action == "notification.sent"));
        Assert.Equal(1, audit.Count(a => a.Action == "notification.no-address"));
        Assert.Equal(1, (await db.Set<Grondslag.Storage.Audit.AuditEntry>().Where(a => a.Action == "account.email").CountAsync(a => a.Subject == "jurist")));
    }

    [Fact]
    public void Compose_TitleWithLineBreaksAndHeaders_OneSubjectNoInjectedHeaderAndNoAddressesOfTheList()
    {
        var notice = new DueNotice(NoticeKind.AdviceRequested, "advice-1", "jurist", "case-1", "COATHANGER\r\nBcc: evil@example.org\nX-Injected: yes",
            new Grondslag.Domain.Text.LocalText("Advice is asked.", "Er wordt advies gevraagd."), TestServerHost.Now, "/cases/case-1/shares/cert-fr");
        var message = StaffNoticeMail.Compose(notice, new StaffAccount("jurist", [Grondslag.Domain.Cases.Role.LegalAdviser], "jurist@ncsc.example", "nl", false), "NCSC-NL", "grondslag@ncsc.example", null);
        using var wire = new MemoryStream();
        message.WriteTo(wire);
        wire.Position = 0;
        var parsed = MimeMessage.Load(wire);
        Assert.Empty(parsed.Bcc);
        Assert.DoesNotContain(parsed.Headers, h => h.Field.Equals("X-Injected", StringComparison.OrdinalIgnoreCase));
        Assert.Single(parsed.Headers, h => h.Id == HeaderId.Subject);
        Assert.StartsWith("[Grondslag] Advies gevraagd: COATHANGER", parsed.Subject, StringComparison.Ordinal);
        Assert.Contains("X-Injected: yes", parsed.Subject, StringComparison.Ordinal);
        Assert.Equal(["jurist@ncsc.example"], parsed.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("nl", parsed.Body!.Headers[HeaderId.ContentLanguage]);
    }

    private static async Task<NoticeRun> RunAsync(TestServerHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NotifyStaff>().RunAsync();
    }
}
