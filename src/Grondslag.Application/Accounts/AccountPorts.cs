using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>A grant waiting for a second administrator.</summary>
public sealed record PendingGrant(long Id, string UserName, string[] Roles, string? Party, string RequestedBy, DateTimeOffset RequestedAt, bool Reenable = false);

/// <summary>A re-enabled account, or (with <see cref="Grant"/> and <see cref="Approve"/>) a re-enabling that waits for a second administrator.</summary>
public sealed record EnabledAccount(string UserName, string[] Roles, bool Enabled, long? Grant, string? Approve);

/// <summary>An account as the administrator sees it.</summary>
public sealed record AccountSummary(string UserName, string[] Roles, bool Disabled)
{
    /// <summary>Where staff notices go; null when none is set (notices are then recorded as not sent).</summary>
    public string? Email { get; init; }
}

/// <summary>A party's TAXII client, if it has one.</summary>
public sealed record TaxiiClientSummary(string Party, string PartyName, string? IssuedBy, DateTimeOffset? IssuedAt);

/// <summary>
/// The new account and its one-time password (shown in this answer only). <see cref="Roles"/> it holds now;
/// <see cref="PendingRoles"/> wait for a second administrator's approval at <see cref="Approve"/>.
/// </summary>
public sealed record CreatedAccount(string UserName, string[] Roles, string? Party, string OneTimePassword, string[] PendingRoles, long? Grant, string? Approve);

/// <summary>An approved grant: the roles the account now holds.</summary>
public sealed record ApprovedGrant(long Grant, string UserName, string[] Roles, string? Party, string RequestedBy, string ApprovedBy);

/// <summary>The credentials: HTTP Basic user name and secret (shown in this answer only), and where to pull.</summary>
public sealed record IssuedTaxiiClient(string Party, string UserName, string Secret, string CollectionId, string Discovery, bool Replaced);

/// <summary>A stored request for roles that need a second administrator.</summary>
/// <see cref="Reenable"/>: the request is to lift a disabling (the account keeps the roles it holds), not to add roles.
public sealed record AccountGrant(long Id, string UserName, IReadOnlyList<Role> Roles, string? Party, string RequestedBy, DateTimeOffset RequestedAt, string? ApprovedBy, bool Reenable = false);

/// <summary>
/// The staff accounts as the account use cases see them (ASP.NET Identity in the server: a host concern, so behind
/// this port). User names are compared as the identity store compares them.
/// </summary>
public interface IAccountRegistry
{
    /// <summary>How many accounts hold the administrator role.</summary>
    Task<int> AdministratorCountAsync(CancellationToken cancellationToken);

    /// <summary>Creates the account with the given roles and a one-time password (for one sign-in only); the password, or why not.</summary>
    Task<Outcome<string>> CreateAsync(string userName, IReadOnlyList<Role> roles, CancellationToken cancellationToken);

    /// <summary>The roles of the account, or null when there is no such account.</summary>
    Task<IReadOnlyList<Role>?> RolesOfAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Adds roles (and, for a recipient, its party) to an existing account.</summary>
    Task GrantAsync(string userName, IReadOnlyList<Role> roles, string? party, CancellationToken cancellationToken);

    /// <summary>Administrators other than <paramref name="userName"/> who can still sign in.</summary>
    Task<int> OtherActiveAdministratorsAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Locks the account without end and ends its sessions; its stored user name.</summary>
    Task<string> DisableAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Sets or (null) removes the notice address without ending the person's sessions; null, or why it failed.</summary>
    Task<string?> SetEmailAsync(string userName, string? email, CancellationToken cancellationToken);

    /// <summary>Whether the account is disabled (locked without end); null when there is no such account.</summary>
    Task<bool?> IsDisabledAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Lifts the disabling and renews the security stamp (nothing issued before the disabling comes back); its stored user name.</summary>
    Task<string> EnableAsync(string userName, CancellationToken cancellationToken);

    /// <summary>The party a recipient account reads for, if any.</summary>
    Task<string?> PartyOfAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Every account with its roles and whether it is disabled, by user name.</summary>
    Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Grants that wait for a second administrator; each is approved at most once.</summary>
public interface IAccountGrants
{
    /// <summary>Stores a grant request (saved at once); its id.</summary>
    Task<long> AddAsync(string userName, IReadOnlyList<Role> roles, string? party, string requestedBy, DateTimeOffset requestedAt, CancellationToken cancellationToken, bool reenable = false);

    /// <summary>The unapproved re-enabling request for the account, if one waits.</summary>
    Task<AccountGrant?> PendingReenableAsync(string userName, CancellationToken cancellationToken);

    Task<AccountGrant?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Marks the grant approved unless it already is (a conditional update: loses to a concurrent approval).</summary>
    Task<bool> ApproveOnceAsync(long id, string approvedBy, DateTimeOffset approvedAt, CancellationToken cancellationToken);

    /// <summary>Grants not yet approved, oldest first.</summary>
    Task<IReadOnlyList<AccountGrant>> PendingAsync(CancellationToken cancellationToken);
}

/// <summary>One issued TAXII client credential: who issued it, when.</summary>
public sealed record TaxiiClientRecord(string PartyId, string IssuedBy, DateTimeOffset IssuedAt);

/// <summary>The TAXII client credentials (only the secret's hash is stored).</summary>
public interface ITaxiiClientStore
{
    /// <summary>Stores (or replaces) the party's secret hash; true when it replaced one.</summary>
    Task<bool> IssueAsync(string partyId, string secretHash, string issuedBy, DateTimeOffset issuedAt, CancellationToken cancellationToken);

    /// <summary>Removes the party's credentials; false when it had none.</summary>
    Task<bool> RevokeAsync(string partyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TaxiiClientRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The stored hash of the party's secret, null when it has no credentials (the TAXII server checks a secret against it).</summary>
    Task<string?> SecretHashOfAsync(string partyId, CancellationToken cancellationToken);
}

/// <summary>How the TAXII server makes and checks secrets and names a party's collection (the server's TAXII part).</summary>
public interface ITaxiiCredentials
{
    string NewSecret();

    string Hash(string secret);

    string CollectionOf(string partyId);
}
