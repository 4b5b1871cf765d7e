using Grondslag.Application.Accounts;
using Grondslag.Domain.Cases;
using Grondslag.Storage;
using Grondslag.Storage.Admin;
using Grondslag.Storage.Delivery;

namespace Grondslag.Application.Tests.Accounts;

/// <summary>
/// The administration use cases — <see cref="CreateAccount"/>, <see cref="ApproveGrant"/>, <see cref="DisableAccount"/>,
/// <see cref="IssueTaxiiClient"/>, <see cref="RevokeTaxiiClient"/> and <see cref="AccountQueries"/> — with the grants and
/// TAXII clients on a real database of either provider and the accounts in memory (ASP.NET Identity is the server's):
/// outcome, stored rows and audit entries, and the four-eyes refusals.
/// </summary>
[TestsOf(typeof(CreateAccount), typeof(ApproveGrant), typeof(DisableAccount), typeof(EnableAccount), typeof(SetAccountEmail), typeof(IssueTaxiiClient), typeof(RevokeTaxiiClient), typeof(AccountQueries))]
public sealed class AccountStepsTests
{
    private static readonly Actor Root = new("root", Role.Administrator);
    private static readonly Actor Second = new("second", Role.Administrator);

    public static TheoryData<DatabaseProvider> Providers => UseCaseWorld.Providers;

    /// <summary>Accounts as the identity store would hold them.</summary>
    private sealed class Registry : IAccountRegistry
    {
        public Dictionary<string, List<Role>> Roles { get; } = new(StringComparer.OrdinalIgnoreCase)
        {
            ["root"] = [Role.Administrator],
            ["second"] = [Role.Administrator],
        };

        public HashSet<string> Disabled { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string> Parties { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<int> AdministratorCountAsync(CancellationToken cancellationToken) => Task.FromResult(Roles.Count(r => r.Value.Contains(Role.Administrator)));

        public Task<Outcome<string>> CreateAsync(string userName, IReadOnlyList<Role> roles, CancellationToken cancellationToken)
        {
            if (!Roles.TryAdd(userName, [.. roles]))
            {
                return Task.FromResult(Outcome<string>.Refused(RefusalKind.Conflict, $"User name '{userName}' is already taken."));
            }

            return Task.FromResult(Outcome<string>.Ok("one-time-" + userName));
        }

        public Task<IReadOnlyList<Role>?> RolesOfAsync(string userName, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Role>?>(Roles.TryGetValue(userName, out var roles) ? [.. roles] : null);

        public Task GrantAsync(string userName, IReadOnlyList<Role> roles, string? party, CancellationToken cancellationToken)
        {
            Roles[userName].AddRange(roles);
            if (party is not null)
            {
                Parties[userName] = party;
            }

            return Task.CompletedTask;
        }

        public Task<int> OtherActiveAdministratorsAsync(string userName, CancellationToken cancellationToken) =>
            Task.FromResult(Roles.Count(r => r.Value.Contains(Role.Administrator) && !Disabled.Contains(r.Key) && !string.Equals(r.Key, userName, StringComparison.OrdinalIgnoreCase)));

        public Task<string> DisableAsync(string userName, CancellationToken cancellationToken)
        {
            var stored = Roles.Keys.First(k => string.Equals(k, userName, StringComparison.OrdinalIgnoreCase));
            Disabled.Add(stored);
            return Task.FromResult(stored);
        }

        public Dictionary<string, string?> Emails { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Task<string?> SetEmailAsync(string userName, string? email, CancellationToken cancellationToken)
        {
            Emails[userName] = email;
            return Task.FromResult<string?>(null);
        }

        public Task<bool?> IsDisabledAsync(string userName, CancellationToken cancellationToken) =>
            Task.FromResult<bool?>(Roles.ContainsKey(userName) ? Disabled.Contains(userName) : null);

        public Task<string> EnableAsync(string userName, CancellationToken cancellationToken)
        {
            var stored = Roles.Keys.First(k => string.Equals(k, userName, StringComparison.OrdinalIgnoreCase));
            Disabled.Remove(stored);
            return Task.FromResult(stored);
        }

        public Task<string?> PartyOfAsync(string userName, CancellationToken cancellationToken) =>
            Task.FromResult(Parties.TryGetValue(userName, out var party) ? party : null);

        public Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AccountSummary>>([.. Roles.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new AccountSummary(r.Key, [.. r.Value.Select(x => x.ToWire())], Disabled.Contains(r.Key)))]);
    }

    /// <summary>Predictable secrets; the hash marks what was hashed.</summary>
    private sealed class Credentials : ITaxiiCredentials
    {
        private int _issued;

        public string NewSecret() => "secret-" + ++_issued;

        public string Hash(string secret) => "hash-of-" + secret;

        public string CollectionOf(string partyId) => "collection-" + partyId;
    }

    private static Task<Outcome<CreatedAccount>> CreateAsync(UseCaseWorld world, Registry registry, string name, string[] roles, string? party = null) =>
        world.RunOnContextAsync((db, record) => new CreateAccount(registry, new EfAccountGrants(db), world.Sharing, record, world.Clock).ExecuteAsync(name, roles, party, Root));

    private static Task<Outcome<ApprovedGrant>> ApproveAsync(UseCaseWorld world, Registry registry, long grant, Actor actor) =>
        world.RunOnContextAsync((db, record) => new ApproveGrant(registry, new EfAccountGrants(db), record, world.Clock).ExecuteAsync(grant, actor));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CreateAccount_CaseRole_AccountWithoutRolesGrantPendingAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var registry = new Registry();

        var created = await CreateAsync(world, registry, " erin ", ["duty-officer"]);

        Assert.True(created.IsOk, created.Refusal?.Reason);
        Assert.Equal(("erin", "one-time-erin"), (created.Value!.UserName, created.Value.OneTimePassword));
        Assert.Equal(["duty-officer"], created.Value.PendingRoles);
        Assert.Empty(registry.Roles["erin"]);
        var grant = Assert.Single(await world.RowsAsync<AccountGrantRow>());
        Assert.Equal((created.Value.Grant, "erin", "duty-officer", "root", (string?)null), (grant.Id, grant.UserName, grant.Roles, grant.RequestedBy, grant.ApprovedBy));
        var entry = Assert.Single(await world.AuditAsync());
        Assert.Equal(("account.create", "root", "erin"), (entry.Action, entry.Actor, entry.Subject));
        Assert.DoesNotContain("one-time-erin", entry.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CreateAccount_UnknownRoleOrRecipientWithoutParty_RefusedNothingCreated(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var registry = new Registry();

        var unknown = await CreateAsync(world, registry, "erin", ["janitor"]);
        var recipient = await CreateAsync(world, registry, "frank", ["recipient"]);

        Assert.Equal(RefusalKind.Invalid, unknown.Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, recipient.Refusal!.Kind);
        Assert.Equal(2, registry.Roles.Count);
        Assert.Empty(await world.RowsAsync<AccountGrantRow>());
        Assert.Empty(await world.AuditAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ApproveGrant_SecondAdministrator_RolesGrantedApprovedOnceAudited_RequesterRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var registry = new Registry();
        var grant = (await CreateAsync(world, registry, "erin", ["duty-officer"])).Value!.Grant!.Value;

        var byRequester = await ApproveAsync(world, registry, grant, Root);
        var approved = await ApproveAsync(world, registry, grant, Second);
        var again = await ApproveAsync(world, registry, grant, Second);

        Assert.Equal(RefusalKind.NotAllowed, byRequester.Refusal!.Kind);
        Assert.True(approved.IsOk, approved.Refusal?.Reason);
        Assert.Equal(["duty-officer"], approved.Value!.Roles);
        Assert.Equal(RefusalKind.Conflict, again.Refusal!.Kind);
        Assert.Equal([Role.DutyOfficer], registry.Roles["erin"]);
        Assert.Equal("second", Assert.Single(await world.RowsAsync<AccountGrantRow>()).ApprovedBy);
        var audit = await world.AuditAsync();
        Assert.Single(audit, a => a.Action == "account.grant-approved" && a.Actor == "second" && a.Subject == "erin");
        Assert.Equal(2, audit.Count(a => a.Action == "account.grant-refused"));
        Assert.Empty(await world.RunOnContextAsync((db, _) => new AccountQueries(registry, new EfAccountGrants(db), new EfTaxiiClientStore(db), world.Sharing).PendingGrantsAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DisableAccount_Colleague_DisabledAndAudited_SelfAndLastAdministratorRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var registry = new Registry();
        registry.Roles["erin"] = [Role.Analyst];

        Task<Outcome<string>> DisableAsync(string name, Actor actor) =>
            world.RunOnContextAsync((_, record) => new DisableAccount(registry, record).ExecuteAsync(name, actor));

        var self = await DisableAsync("root", Root);
        var erin = await DisableAsync("ERIN", Root);
        var second = await DisableAsync("second", Root);
        var last = await DisableAsync("root", Second);
        var nobody = await DisableAsync("nobody", Root);

        Assert.Equal(RefusalKind.NotAllowed, self.Refusal!.Kind);
        Assert.Equal("erin", erin.Value);
        Assert.True(second.IsOk, second.Refusal?.Reason);
        Assert.Equal(RefusalKind.Conflict, last.Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, nobody.Refusal!.Kind);
        Assert.Equal(["erin", "second"], registry.Disabled.Order(StringComparer.Ordinal));
        Assert.Equal(["erin", "second"], (await world.AuditAsync()).Where(a => a.Action == "account.disable").Select(a => a.Subject));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task EnableAccount_Auditor_OneAdministratorEnough_CaseRoleWaitsForSecondAdministrator(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var registry = new Registry();
        registry.Roles["alice"] = [Role.Auditor];
        registry.Roles["erin"] = [Role.DutyOfficer];
        registry.Disabled.UnionWith(["alice", "erin"]);

        Task<Outcome<EnabledAccount>> EnableAsync(string name) =>
            world.RunOnContextAsync((db, record) => new EnableAccount(registry, new EfAccountGrants(db), record, world.Clock).ExecuteAsync(name, Root));

        var auditor = await EnableAsync("alice");
        var again = await EnableAsync("alice");
        var officer = await EnableAsync("erin");
        var repeated = await EnableAsync("erin");
        var nobody = await EnableAsync("nobody");

        Assert.True(auditor.Value!.Enabled);
        Assert.Equal(RefusalKind.Conflict, again.Refusal!.Kind);
        Assert.False(officer.Value!.Enabled);
        Assert.Equal(officer.Value.Grant, repeated.Value!.Grant);
        Assert.Equal(RefusalKind.NotFound, nobody.Refusal!.Kind);
        Assert.Contains("erin", registry.Disabled);
        var grant = Assert.Single(await world.RowsAsync<AccountGrantRow>());
        Assert.True(grant.Reenable);

        var byRequester = await ApproveAsync(world, registry, grant.Id, Root);
        var approved = await ApproveAsync(world, registry, grant.Id, Second);

        Assert.Equal(RefusalKind.NotAllowed, byRequester.Refusal!.Kind);
        Assert.True(approved.IsOk, approved.Refusal?.Reason);
        Assert.DoesNotContain("erin", registry.Disabled);
        Assert.Equal([Role.DutyOfficer], registry.Roles["erin"]);
        var audit = await world.AuditAsync();
        Assert.Equal(["alice", "erin"], audit.Where(a => a.Action == "account.enable").Select(a => a.Subject));
        Assert.Single(audit, a => a.Action == "account.enable-requested" && a.Subject == "erin");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SetAccountEmail_PlainAddressStoredAndAudited_NameOrListRefused(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var registry = new Registry();

        Task<Outcome<string>> SetAsync(string name, string? email) =>
            world.RunOnContextAsync((_, record) => new SetAccountEmail(registry, record).ExecuteAsync(name, email, Root));

        var set = await SetAsync("second", " second@ncsc.example ");
        var named = await SetAsync("second", "Second <second@ncsc.example>");
        var list = await SetAsync("second", "a@ncsc.example,b@ncsc.example");
        var removed = await SetAsync("root", "");
        var nobody = await SetAsync("nobody", "x@ncsc.example");

        Assert.Equal("second@ncsc.example", set.Value);
        Assert.Equal(RefusalKind.Invalid, named.Refusal!.Kind);
        Assert.Equal(RefusalKind.Invalid, list.Refusal!.Kind);
        Assert.Equal("", removed.Value);
        Assert.Equal(RefusalKind.NotFound, nobody.Refusal!.Kind);
        Assert.Equal("second@ncsc.example", registry.Emails["second"]);
        Assert.Null(registry.Emails["root"]);
        Assert.Equal(["second", "root"], (await world.AuditAsync()).Where(a => a.Action == "account.email").Select(a => a.Subject));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IssueAndRevokeTaxiiClient_Party_HashStoredSecretOnlyInAnswerReplacedThenRevokedAllAudited(DatabaseProvider provider)
    {
        await using var world = await UseCaseWorld.CreateAsync(provider);
        var credentials = new Credentials();

        Task<Outcome<IssuedTaxiiClient>> IssueAsync(string party) =>
            world.RunOnContextAsync((db, record) => new IssueTaxiiClient(new EfTaxiiClientStore(db), credentials, world.Sharing, record, world.Clock).ExecuteAsync(party, Root));
        Task<Outcome<string>> RevokeAsync(string party) =>
            world.RunOnContextAsync((db, record) => new RevokeTaxiiClient(new EfTaxiiClientStore(db), record).ExecuteAsync(party, Root));

        var first = await IssueAsync("cert-fr");
        var replaced = await IssueAsync("cert-fr");
        var unknown = await IssueAsync("no-such-party");
        var row = Assert.Single(await world.RowsAsync<TaxiiClientRow>());
        var listed = await world.RunOnContextAsync((db, _) => new AccountQueries(new Registry(), new EfAccountGrants(db), new EfTaxiiClientStore(db), world.Sharing).TaxiiClientsAsync());
        var revoked = await RevokeAsync("cert-fr");
        var none = await RevokeAsync("cert-fr");

        Assert.Equal(("secret-1", "collection-cert-fr", false), (first.Value!.Secret, first.Value.CollectionId, first.Value.Replaced));
        Assert.True(replaced.Value!.Replaced);
        Assert.Equal(RefusalKind.Invalid, unknown.Refusal!.Kind);
        Assert.Equal(("cert-fr", "hash-of-secret-2", "root"), (row.PartyId, row.SecretHash, row.IssuedBy));
        Assert.Equal("root", listed.Single(c => c.Party == "cert-fr").IssuedBy);
        Assert.All(listed.Where(c => c.Party != "cert-fr"), c => Assert.Null(c.IssuedBy));
        Assert.True(revoked.IsOk);
        Assert.Equal(RefusalKind.NotFound, none.Refusal!.Kind);
        Assert.Empty(await world.RowsAsync<TaxiiClientRow>());
        var audit = await world.AuditAsync();
        Assert.Equal(["taxii.client-issue", "taxii.client-replace", "taxii.client-revoke"], audit.Select(a => a.Action));
        Assert.DoesNotContain(audit, a => a.Payload.Contains("secret-", StringComparison.Ordinal));
    }
}
