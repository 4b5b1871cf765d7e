using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Accounts;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Grondslag.Storage;
using Grondslag.Storage.Admin;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Endpoints;

/// <summary>A new account: its roles and, for a recipient, its party.</summary>
public sealed record CreateAccountRequest(string? UserName, string[]? Roles, string? Party);

/// <summary>
/// The new account and its one-time password (shown in this answer only). <see cref="Roles"/> it holds now;
/// <see cref="PendingRoles"/> wait for a second administrator's approval at <see cref="Approve"/>.
/// </summary>
public sealed record CreatedAccount(string UserName, string[] Roles, string? Party, string OneTimePassword, string[] PendingRoles, long? Grant, string? Approve);

/// <summary>An approved grant: the roles the account now holds.</summary>
public sealed record ApprovedGrant(long Grant, string UserName, string[] Roles, string? Party, string RequestedBy, string ApprovedBy);

/// <summary>A party in the registry, as the administrator sees it.</summary>
public sealed record PartySummary(string Id, string Name, string Kind, string Country);

/// <summary>Administration: accounts and the party registry.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("admin");
        group.MapPost("/accounts", CreateAccountAsync).Roles(Role.Administrator);
        group.MapPost("/account-grants/{grantId:long}/approval", ApproveGrantAsync).Roles(Role.Administrator);
        group.MapPost("/accounts/{userName}/disable", DisableAccountAsync).Roles(Role.Administrator);
        group.MapGet("/parties", Parties).Roles(Role.Administrator);
    }

    /// <summary>
    /// Disables an account at once: a new security stamp ends every token and cookie it holds, and it cannot sign in
    /// again. One administrator suffices (it only takes power away); the last administrator who can sign in is kept.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAccountAsync(
        string userName, ClaimsPrincipal principal, UserManager<IdentityUser> users, IRecordAccountEvent record, CancellationToken cancellationToken)
    {
        if (userName.Length > AccountSignIn.MaxUserName || await users.FindByNameAsync(userName).ConfigureAwait(false) is not { } user)
        {
            return Problems.NotFound($"There is no account '{AccountSignIn.Bounded(userName)}'.");
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
                return Problems.Of(new Refusal(RefusalKind.Conflict, "This is the last administrator who can sign in; appoint another before disabling it."));
            }
        }

        await users.SetLockoutEnabledAsync(user, true).ConfigureAwait(false);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await record.ExecuteAsync("account.disable", Actors.Of(principal, Role.Administrator), user.UserName!, new JsonObject(), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<CreatedAccount>, Accepted<CreatedAccount>, ProblemHttpResult>> CreateAccountAsync(
        CreateAccountRequest body, ClaimsPrincipal principal, UserManager<IdentityUser> users, ISharingContext sharing, IRecordAccountEvent record, GrondslagDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var name = body.UserName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return Problems.Invalid("userName: name the account.");
        }

        var roles = new List<Role>();
        foreach (var text in body.Roles ?? [])
        {
            if (!CaseWire.TryParse<Role>(text, out var role))
            {
                return Problems.Invalid($"roles: '{text}' is not a role; use {string.Join(", ", Enum.GetValues<Role>().Select(r => r.ToWire()))}.");
            }

            roles.Add(role);
        }

        if (roles.Count == 0)
        {
            return Problems.Invalid("roles: give the account at least one role.");
        }

        if (roles.Contains(Role.Recipient) && (roles.Count > 1 || string.IsNullOrWhiteSpace(body.Party) || sharing.Parties.Find(body.Party.Trim()) is null))
        {
            return Problems.Invalid("party: a recipient account has only the recipient role and names a party of the registry (e.g. cert-fr).");
        }

        if (AccountRoles.Conflict(roles) is { } conflict)
        {
            return Problems.Invalid("roles: " + conflict);
        }

        var administrators = (await users.GetUsersInRoleAsync(Role.Administrator.ToWire()).ConfigureAwait(false)).Count;
        var pending = roles.Distinct().Where(r => AccountRoles.NeedsSecondAdministrator(r, administrators)).ToList();
        var now = roles.Distinct().Except(pending).ToList();
        var password = ServerComposition.OneTimePassword();
        var user = new IdentityUser(name);
        var created = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The account could not be created",
                detail: string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await OneTimePasswords.IssueAsync(users, user).ConfigureAwait(false);

        if (now.Count > 0)
        {
            await users.AddToRolesAsync(user, now.Select(r => r.ToWire())).ConfigureAwait(false);
        }

        var party = roles.Contains(Role.Recipient) ? body.Party!.Trim() : null;
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
        var location = $"/api/admin/accounts/{Uri.EscapeDataString(name)}";
        if (grant is null)
        {
            return TypedResults.Created(location, new CreatedAccount(name, [.. now.Select(r => r.ToWire())], party, password, [], null, null));
        }

        var approve = $"/api/admin/account-grants/{grant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}/approval";
        return TypedResults.Accepted(approve, new CreatedAccount(name, [.. now.Select(r => r.ToWire())], null, password, [.. pending.Select(r => r.ToWire())], grant.Id, approve));
    }

    /// <summary>
    /// A second administrator approves a grant: not the one who asked for it, nor the account itself; the account must not
    /// end up holding administration and a case role. Approval and refusal are both audited.
    /// </summary>
    private static async Task<Results<Ok<ApprovedGrant>, ProblemHttpResult>> ApproveGrantAsync(
        long grantId, ClaimsPrincipal principal, UserManager<IdentityUser> users, IRecordAccountEvent record, GrondslagDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(principal, Role.Administrator);
        var grant = await db.Set<AccountGrantRow>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken).ConfigureAwait(false);
        var user = grant is null ? null : await users.FindByNameAsync(grant.UserName).ConfigureAwait(false);
        var held = user is null ? [] : (await users.GetRolesAsync(user).ConfigureAwait(false)).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>().ToList();
        var granted = grant is null ? [] : grant.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>().ToList();
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
            await record.ExecuteAsync("account.grant-refused", actor, grant?.UserName ?? grantId.ToString(System.Globalization.CultureInfo.InvariantCulture), new JsonObject
            {
                ["grant"] = grantId,
                ["reason"] = refusal.Reason,
            }, cancellationToken).ConfigureAwait(false);
            return Problems.Of(refusal);
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
        return TypedResults.Ok(new ApprovedGrant(grantId, grant.UserName, [.. held.Concat(granted).Distinct().Select(r => r.ToWire())], grant.Party, grant.RequestedBy, actor.Name));
    }

    private static Ok<PartySummary[]> Parties(ISharingContext sharing) =>
        TypedResults.Ok(sharing.Parties.Parties.Select(p => new PartySummary(p.Id, p.Name, Grondslag.Domain.Parties.RecipientKinds.ToWire(p.Kind), p.Country.Value)).ToArray());
}
