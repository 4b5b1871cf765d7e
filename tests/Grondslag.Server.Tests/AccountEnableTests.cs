using System.Net;
using System.Net.Http.Json;
using Grondslag.Storage;
using Grondslag.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests;

/// <summary>
/// Issue 17: a disabled account can be enabled again, audited. An account with a case role comes back only with a second
/// administrator's approval (as granting that role needs one); an auditor's with one administrator.
/// </summary>
public sealed class AccountEnableTests
{
    public static TheoryData<DatabaseProvider> Providers => Storage.Tests.TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Enable_AnalystAccount_WaitsForSecondAdministratorThenSignsInWithOwnPassword(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        var second = await host.SecondAdministratorAsync();
        using (await host.SignedInAsync("alice", ["analyst"]))
        {
        }

        await admin.PostAsync("/api/admin/accounts/alice/disable", null).ExpectAsync(HttpStatusCode.NoContent);
        var requested = await admin.PostAsync("/api/admin/accounts/alice/enable", null).ExpectAsync(HttpStatusCode.Accepted);
        Assert.False(requested["enabled"]!.GetValue<bool>());
        var approve = requested["approve"]!.GetValue<string>();

        // Asking again gives the same pending grant, not a second one; and nothing changed yet.
        var again = await admin.PostAsync("/api/admin/accounts/alice/enable", null).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(approve, again["approve"]!.GetValue<string>());
        using var anonymous = host.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alice", password = TestServerHost.Password }).ExpectAsync(HttpStatusCode.Unauthorized);

        // Four eyes: the administrator who asked cannot approve.
        await admin.PostAsync(approve, null).ExpectAsync(HttpStatusCode.Forbidden);
        var approved = await second.PostAsync(approve, null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "analyst" }, approved["roles"]!.AsArray().Select(r => r!.GetValue<string>()));

        await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "alice", password = TestServerHost.Password }).ExpectAsync(HttpStatusCode.OK);
        await admin.PostAsync(approve, null).ExpectAsync(HttpStatusCode.Conflict);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "account.enable-requested" && e.Subject == "alice"));
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "account.enable" && e.Subject == "alice"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Enable_AuditorAccount_OneAdministratorSufficesAndActiveAccountIsRefused(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var admin = await host.SignedInAsync("root", ["administrator"]);
        using (await host.SignedInAsync("erin", ["auditor"]))
        {
        }

        await admin.PostAsync("/api/admin/accounts/erin/enable", null).ExpectAsync(HttpStatusCode.Conflict);
        await admin.PostAsync("/api/admin/accounts/nobody/enable", null).ExpectAsync(HttpStatusCode.NotFound);
        await admin.PostAsync("/api/admin/accounts/erin/disable", null).ExpectAsync(HttpStatusCode.NoContent);
        var enabled = await admin.PostAsync("/api/admin/accounts/erin/enable", null).ExpectAsync(HttpStatusCode.OK);
        Assert.True(enabled["enabled"]!.GetValue<bool>());

        using var anonymous = host.CreateClient();
        await anonymous.PostAsJsonAsync("/api/auth/sign-in", new { userName = "erin", password = TestServerHost.Password }).ExpectAsync(HttpStatusCode.OK);
        await using var db = host.Db();
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "account.enable" && e.Subject == "erin"));
    }
}
