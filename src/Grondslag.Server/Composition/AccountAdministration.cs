using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Accounts;
using Grondslag.Server.Endpoints;
using Grondslag.Server.Taxii;
using Grondslag.Storage;
using Grondslag.Storage.Admin;
using Grondslag.Storage.Delivery;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Composition;

/// <summary>A grant waiting for a second administrator.</summary>
public sealed record PendingGrant(long Id, string UserName, string[] Roles, string? Party, string RequestedBy, DateTimeOffset RequestedAt);

/// <summary>An account as the administrator sees it.</summary>
public sealed record AccountSummary(string UserName, string[] Roles, bool Disabled)
{
    /// <summary>Where staff notices go; null when none is set (notices are then recorded as not sent).</summary>
    public string? Email { get; init; }
}

/// <summary>A party's TAXII client, if it has one.</summary>
public sealed record TaxiiClientSummary(string Party, string PartyName, string? IssuedBy, DateTimeOffset? IssuedAt);

/// <summary>
/// Accounts and TAXII clients: the use cases behind the administration API and the administration pages, so both do
/// exactly the same (ASP.NET Identity is a host concern, which is why this lives in the server). Every step is audited;
/// refusals are values.
/// </summary>
public sealed class AccountAdministration(
    UserManager<IdentityUser> users, ISharingContext sharing, IRecordAccountEvent record, GrondslagDbContext db, TimeProvider clock)
{
    /// <summary>Creates the account with the roles that need no approval and a pending grant for the rest.</summary>
    public async Task<Outcome<CreatedAccount>> CreateAsync(string? userName, IEnumerable<string>? roleNames, string? partyId, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return new Refusal(RefusalKind.Invalid, "userName: name the account.");
        }

        var roles = new List<Role>();
        foreach (var text in roleNames ?? [])
        {
            if (!CaseWire.TryParse<Role>(text, out var role))
            {
                return new Refusal(RefusalKind.Invalid, $"roles: '{text}' is not a role; use {string.Join(", ", Enum.GetValues<Role>().Select(r => r.ToWire()))}.");
            }

            roles.Add(role);
        }

        if (roles.Count == 0)
        {
            return new Refusal(RefusalKind.Invalid, "roles: give the account at least one role.");
        }

        if (roles.Contains(Role.Recipient) && (roles.Count > 1 || string.IsNullOrWhiteSpace(partyId) || sharing.Parties.Find(partyId.Trim()) is null))
        {
            return new Refusal(RefusalKind.Invalid, "party: a recipient account has only the recipient role and names a party of the registry (e.g. cert-fr).");
        }

        if (AccountRoles.Conflict(roles) is { } conflict)
        {
            return new Refusal(RefusalKind.Invalid, "roles: " + conflict);
        }

        var administrators = (await users.GetUsersInRoleAsync(Role.Administrator.ToWire()).ConfigureAwait(false)).Count;
        var pending = roles.Distinct().Where(r => AccountRoles.NeedsSecondAdministrator(r, administrators)).ToList();
        var now = roles.Distinct().Except(pending).ToList();
        var password = ServerComposition.OneTimePassword();
        var user = new IdentityUser(name);
        var created = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return new Refusal(RefusalKind.Conflict, "The account could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        // The password is for one sign-in only, after which the person must choose their own.
        await OneTimePasswords.IssueAsync(users, user).ConfigureAwait(false);

        if (now.Count > 0)
        {
            await users.AddToRolesAsync(user, now.Select(r => r.ToWire())).ConfigureAwait(false);
        }

        var party = roles.Contains(Role.Recipient) ? partyId!.Trim() : null;
        var actor = Actors.Of(principal, Role.Administrator);
        AccountGrantRow? grant = null;
        if (pending.Count > 0)
        {
            grant = new AccountGrantRow { UserName = name, Roles = string.Join(",", pending.Select(r => r.ToWire())), Party = party, RequestedBy = actor.Name, RequestedAt = clock.GetUtcNow() };
            db.Set<AccountGrantRow>().Add(grant);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        await record.ExecuteAsync("account.create", actor, name, new JsonObject
        {
            ["roles"] = new JsonArray([.. now.Select(r => (JsonNode)r.ToWire())]),
            ["pendingRoles"] = new JsonArray([.. pending.Select(r => (JsonNode)r.ToWire())]),
            ["grant"] = grant?.Id,
            ["party"] = party,
        }, cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return Outcome<CreatedAccount>.Ok(new CreatedAccount(name, [.. now.Select(r => r.ToWire())], party, password, [], null, null));
        }

        var approve = $"/api/admin/account-grants/{grant.Id.ToString(CultureInfo.InvariantCulture)}/approval";
        return Outcome<CreatedAccount>.Ok(new CreatedAccount(name, [.. now.Select(r => r.ToWire())], null, password, [.. pending.Select(r => r.ToWire())], grant.Id, approve));
    }

    /// <summary>
    /// A second administrator approves a grant: not the one who asked for it, nor the account itself; the account must not
    /// end up holding administration and a case role. Approval and refusal are both audited.
    /// </summary>
    public async Task<Outcome<ApprovedGrant>> ApproveGrantAsync(long grantId, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(principal, Role.Administrator);
        var grant = await db.Set<AccountGrantRow>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken).ConfigureAwait(false);
        var user = grant is null ? null : await users.FindByNameAsync(grant.UserName).ConfigureAwait(false);
        var held = user is null ? [] : (await users.GetRolesAsync(user).ConfigureAwait(false)).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>().ToList();
        var granted = grant is null ? [] : Roles(grant.Roles);
        var refusal = grant switch
        {
            null => new Refusal(RefusalKind.NotFound, $"There is no account grant {grantId}."),
            { ApprovedBy: { } by } => new Refusal(RefusalKind.Conflict, $"Grant {grantId} was already approved by {by}."),
            _ when user is null => new Refusal(RefusalKind.Conflict, $"The account {grant.UserName} no longer exists."),
            _ when string.Equals(grant.RequestedBy, actor.Name, StringComparison.OrdinalIgnoreCase) =>
                new Refusal(RefusalKind.NotAllowed, $"Four eyes: {actor.Name} asked for these roles for {grant.UserName} and cannot also approve them; another administrator must."),
            _ when string.Equals(grant.UserName, actor.Name, StringComparison.OrdinalIgnoreCase) =>
                new Refusal(RefusalKind.NotAllowed, $"Four eyes: {actor.Name} cannot approve roles for their own account."),
            _ when AccountRoles.Conflict(held.Concat(granted)) is { } conflict => new Refusal(RefusalKind.Conflict, conflict),
            _ => null,
        };
        if (refusal is null)
        {
            // Approve once: the conditional update loses to a concurrent approval.
            var approved = await db.Set<AccountGrantRow>().Where(g => g.Id == grantId && g.ApprovedBy == null)
                .ExecuteUpdateAsync(u => u.SetProperty(g => g.ApprovedBy, actor.Name).SetProperty(g => g.ApprovedAt, clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            refusal = approved == 1 ? null : new Refusal(RefusalKind.Conflict, $"Grant {grantId} was approved meanwhile.");
        }

        if (refusal is not null)
        {
            await record.ExecuteAsync("account.grant-refused", actor, grant?.UserName ?? grantId.ToString(CultureInfo.InvariantCulture), new JsonObject
            {
                ["grant"] = grantId,
                ["reason"] = refusal.Reason,
            }, cancellationToken).ConfigureAwait(false);
            return refusal;
        }

        await users.AddToRolesAsync(user!, granted.Select(r => r.ToWire())).ConfigureAwait(false);
        if (grant!.Party is { } party)
        {
            await users.AddClaimAsync(user!, new Claim(GrondslagClaims.Party, party)).ConfigureAwait(false);
        }

        await record.ExecuteAsync("account.grant-approved", actor, grant.UserName, new JsonObject
        {
            ["grant"] = grantId,
            ["roles"] = new JsonArray([.. granted.Select(r => (JsonNode)r.ToWire())]),
            ["party"] = grant.Party,
            ["requestedBy"] = grant.RequestedBy,
        }, cancellationToken).ConfigureAwait(false);
        return Outcome<ApprovedGrant>.Ok(new ApprovedGrant(grantId, grant.UserName, [.. held.Concat(granted).Distinct().Select(r => r.ToWire())], grant.Party, grant.RequestedBy, actor.Name));
    }

    /// <summary>
    /// Disables an account: it can no longer sign in (locked out without end) and its open sessions and tokens stop
    /// working at their next check (security stamp renewed). Not one's own account. Audited.
    /// </summary>
    public async Task<Outcome<string>> DisableAsync(string userName, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(principal, Role.Administrator);
        if (string.Equals(userName, actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal(RefusalKind.NotAllowed, "An administrator cannot disable their own account; ask another administrator.");
        }

        if (userName.Length > AccountSignIn.MaxUserName || await users.FindByNameAsync(userName).ConfigureAwait(false) is not { } user)
        {
            return new Refusal(RefusalKind.NotFound, $"There is no account '{AccountSignIn.Bounded(userName)}'.");
        }

        if (await users.IsInRoleAsync(user, Role.Administrator.ToWire()).ConfigureAwait(false))
        {
            var others = 0;
            foreach (var admin in await users.GetUsersInRoleAsync(Role.Administrator.ToWire()).ConfigureAwait(false))
            {
                if (admin.Id != user.Id && !await users.IsLockedOutAsync(admin).ConfigureAwait(false))
                {
                    others++;
                }
            }

            if (others == 0)
            {
                return new Refusal(RefusalKind.Conflict, "This is the last administrator who can sign in; appoint another before disabling it.");
            }
        }

        await users.SetLockoutEnabledAsync(user, true).ConfigureAwait(false);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await record.ExecuteAsync("account.disable", actor, user.UserName ?? userName, new JsonObject(), cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Ok(user.UserName ?? userName);
    }

    /// <summary>
    /// Sets (or, with an empty value, removes) the address an account's staff notices go to. One plain address of at
    /// most 254 characters, no display name. Audited (<c>account.email</c>).
    /// </summary>
    public async Task<Outcome<string>> SetEmailAsync(string userName, string? email, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(principal, Role.Administrator);
        if (userName.Length > AccountSignIn.MaxUserName || await users.FindByNameAsync(userName).ConfigureAwait(false) is not { } user)
        {
            return new Refusal(RefusalKind.NotFound, $"There is no account '{AccountSignIn.Bounded(userName)}'.");
        }

        var address = email?.Trim() ?? "";
        if (address.Length > 0 && !IsPlainAddress(address))
        {
            return new Refusal(RefusalKind.Invalid, "email: give one e-mail address such as name@ncsc.nl (no name, no spaces, at most 254 characters), or leave it empty to remove it.");
        }

        // Not UserManager.SetEmailAsync: that renews the security stamp, which would sign the person out everywhere.
        user.Email = address.Length == 0 ? null : address;
        user.NormalizedEmail = address.Length == 0 ? null : users.NormalizeEmail(address);
        user.EmailConfirmed = false;
        if (await users.UpdateAsync(user).ConfigureAwait(false) is { Succeeded: false } failed)
        {
            return new Refusal(RefusalKind.Conflict, "The account changed meanwhile: " + string.Join(" ", failed.Errors.Select(e => e.Description)));
        }

        await record.ExecuteAsync("account.email", actor, user.UserName ?? userName, new JsonObject { ["email"] = address.Length == 0 ? null : address }, cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Ok(address);
    }

    /// <summary>One address, nothing else: what MimeKit parses as a single mailbox equal to the text itself.</summary>
    public static bool IsPlainAddress(string text) =>
        text.Length <= 254 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or ';' or '<' or '>' or '"')
        && MimeKit.MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address == text && text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 1;

    /// <summary>Every account with its roles and whether it is disabled.</summary>
    public async Task<IReadOnlyList<AccountSummary>> AccountsAsync(CancellationToken cancellationToken)
    {
        var result = new List<AccountSummary>();
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            var roles = await users.GetRolesAsync(user).ConfigureAwait(false);
            result.Add(new AccountSummary(user.UserName ?? "", [.. roles.Order(StringComparer.Ordinal)], user.LockoutEnd is { } end && end > clock.GetUtcNow().AddYears(100)) { Email = user.Email });
        }

        return result;
    }

    /// <summary>Grants that wait for a second administrator, oldest first.</summary>
    public async Task<IReadOnlyList<PendingGrant>> PendingGrantsAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<AccountGrantRow>().AsNoTracking().Where(g => g.ApprovedBy == null).ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(g => g.Id)
            .Select(g => new PendingGrant(g.Id, g.UserName, [.. Roles(g.Roles).Select(r => r.ToWire())], g.Party, g.RequestedBy, g.RequestedAt))];

    /// <summary>Issues (or replaces) a party's TAXII credentials; the secret is in the answer only.</summary>
    public async Task<Outcome<IssuedTaxiiClient>> IssueTaxiiClientAsync(string? partyId, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var party = partyId?.Trim() ?? "";
        if (party.Length == 0 || sharing.Parties.Find(party) is null)
        {
            return new Refusal(RefusalKind.Invalid, $"party: '{partyId}' is not a party of the registry (e.g. cert-fr).");
        }

        var secret = TaxiiSecrets.NewSecret();
        var actor = Actors.Of(principal, Role.Administrator);
        var existing = await db.Set<TaxiiClientRow>().FirstOrDefaultAsync(c => c.PartyId == party, cancellationToken).ConfigureAwait(false);
        var row = existing ?? db.Set<TaxiiClientRow>().Add(new TaxiiClientRow { PartyId = party }).Entity;
        row.SecretHash = TaxiiSecrets.Hash(secret);
        row.IssuedBy = actor.Name;
        row.IssuedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.Entry(row).State = EntityState.Detached;
        var collection = TaxiiCollections.IdOf(party);
        // The secret is in the answer only: not in the audit record, not in a log.
        await record.ExecuteAsync(existing is null ? "taxii.client-issue" : "taxii.client-replace", actor, party, new JsonObject
        {
            ["party"] = party,
            ["collection"] = collection,
        }, cancellationToken).ConfigureAwait(false);
        return Outcome<IssuedTaxiiClient>.Ok(new IssuedTaxiiClient(party, party, secret, collection, "/taxii2/", existing is not null));
    }

    /// <summary>Revokes a party's TAXII credentials: its next pull is refused. Audited.</summary>
    public async Task<Outcome<string>> RevokeTaxiiClientAsync(string partyId, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(principal, Role.Administrator);
        var removed = await db.Set<TaxiiClientRow>().Where(c => c.PartyId == partyId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (removed == 0)
        {
            return new Refusal(RefusalKind.NotFound, $"'{partyId}' has no TAXII credentials to revoke.");
        }

        await record.ExecuteAsync("taxii.client-revoke", actor, partyId, new JsonObject { ["party"] = partyId }, cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Ok(partyId);
    }

    /// <summary>Every party of the registry with its TAXII client, if any.</summary>
    public async Task<IReadOnlyList<TaxiiClientSummary>> TaxiiClientsAsync(CancellationToken cancellationToken)
    {
        var rows = (await db.Set<TaxiiClientRow>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.PartyId, StringComparer.Ordinal);
        return [.. sharing.Parties.Parties.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => rows.TryGetValue(p.Id, out var r) ? new TaxiiClientSummary(p.Id, p.Name, r.IssuedBy, r.IssuedAt) : new TaxiiClientSummary(p.Id, p.Name, null, null))];
    }

    private static List<Role> Roles(string wire) =>
        [.. wire.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>()];
}
