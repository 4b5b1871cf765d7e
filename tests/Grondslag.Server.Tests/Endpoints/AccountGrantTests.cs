using System.Net;
using System.Net.Http.Json;
using Grondslag.Domain.Cases;
using Grondslag.Storage;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Tests.Endpoints;

/// <summary>Administrators hold no case role, and a case role comes only with a second administrator's approval (audited).</summary>
public sealed class AccountGrantTests
{
    private static async Task<int> AuditedAsync(TestServerHost host, string action, string actor)
    {
        await using var db = host.Db();
        return await db.Set<Grondslag.Storage.Audit.AuditEntry>().CountAsync(a => a.Action == action && a.Actor == actor);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task CreateAccount_WithACaseRole_HoldsItOnlyAfterASecondAdministratorApproves(DatabaseProvider provider)
    {
        await using var host = await TestServerHost.StartAsync(provider);
        using var root = await host.SignedInAsync("root", ["administrator"]);
        var second = await host.SecondAdministratorAsync();

        var created = await root.PostAsJsonAsync("/api/admin/accounts", new { userName = "alice", roles = new[] { "analyst" } }).ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(["analyst"], created["pendingRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty(created["roles"]!.AsArray());
        var oneTime = created["oneTimePassword"]!.GetValue<string>();
        const string password = "Maple-canal-drizzle-2024";

        // Pending: alice can sign in but do no case work.
        using (var pending = await SignInAsync(host, "alice", oneTime, newPassword: password))
        {
            await pending.PostAsJsonAsync("/api/cases", new { title = "t", source = "MIVD" }).ExpectAsync(HttpStatusCode.Forbidden);
        }

        // The administrator who asked cannot approve: refused and audited.
        var refused = await root.PostAsync(created["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Four eyes", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, await AuditedAsync(host, "account.grant-refused", "root"));

        var approved = await second.PostAsync(created["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("root", approved["requestedBy"]!.GetValue<string>());
        Assert.Equal(1, await AuditedAsync(host, "account.grant-approved", TestServerHost.SecondAdministrator));
        await second.PostAsync(created["approve"]!.GetValue<string>(), null).ExpectAsync(HttpStatusCode.Conflict);

        using var alice = await SignInAsync(host, "alice", password);
        await alice.PostAsJsonAsync("/api/cases", new { title = "t", source = "MIVD" }).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task CreateAccount_AdministratorWithACaseRole_IsRefused()
    {
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var root = await host.SignedInAsync("root", ["administrator"]);

        var problem = await root.PostAsJsonAsync("/api/admin/accounts", new { userName = "mallory", roles = new[] { "administrator", "duty-officer" } }).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("An administrator holds no case role", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.False(await db.Set<Microsoft.AspNetCore.Identity.IdentityUser>().AnyAsync(u => u.UserName == "mallory"));
    }

    [Fact]
    public async Task CreateAccount_ThirdAdministrator_NeedsApproval_AuditorNeverDoes()
    {
        // Two administrators exist: the one the server made at first start ("admin") and root. (The first administrator
        // appointing a second alone is walked through a real server process in KillTests.)
        await using var host = await TestServerHost.StartAsync(DatabaseProvider.Sqlite);
        using var root = await host.SignedInAsync("root", ["administrator"]);

        var third = await root.PostAsJsonAsync("/api/admin/accounts", new { userName = "admin-three", roles = new[] { "administrator" } }).ExpectAsync(HttpStatusCode.Accepted);
        var auditor = await root.PostAsJsonAsync("/api/admin/accounts", new { userName = "ada", roles = new[] { "auditor" } }).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(["administrator"], third["pendingRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(["auditor"], auditor["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public void AccountRoles_EveryRole_CaseRolesAndRecipientsAlwaysNeedASecondAdministratorAndNeverCombineWithAdministration()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            for (var administrators = 1; administrators <= 3; administrators++)
            {
                var needs = AccountRoles.NeedsSecondAdministrator(role, administrators);
                Assert.Equal(AccountRoles.IsCaseRole(role) || role == Role.Recipient || (role == Role.Administrator && administrators >= 2), needs);
            }

            Assert.Equal(AccountRoles.IsCaseRole(role), AccountRoles.Conflict([Role.Administrator, role]) is not null);
        }
    }

    private static async Task<HttpClient> SignInAsync(TestServerHost host, string userName, string password, string? newPassword = null)
    {
        var client = host.CreateClient();
        var signedIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { userName, password, newPassword }).ExpectAsync(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", signedIn["accessToken"]!.GetValue<string>());
        return client;
    }
}
