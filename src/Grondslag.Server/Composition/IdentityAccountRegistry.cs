using System.Security.Claims;
using Grondslag.Application.Accounts;
using Grondslag.Application.Cases;
using Grondslag.Delivery.Taxii;
using Grondslag.Domain.Cases;
using Grondslag.Server.Accounts;
using Grondslag.Server.Taxii;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Composition;

/// <summary>The account use cases' view of the staff accounts: ASP.NET Identity users, their roles and lockout.</summary>
internal sealed class IdentityAccountRegistry(UserManager<IdentityUser> users, TimeProvider clock) : IAccountRegistry, IAccountDirectory
{
    public async Task<int> AdministratorCountAsync(CancellationToken cancellationToken) =>
        (await users.GetUsersInRoleAsync(Role.Administrator.ToWire()).ConfigureAwait(false)).Count;

    public async Task<Outcome<string>> CreateAsync(string userName, IReadOnlyList<Role> roles, CancellationToken cancellationToken)
    {
        var password = ServerComposition.OneTimePassword();
        var user = new IdentityUser(userName);
        var created = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText("The account could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)), "Het account kon niet worden aangemaakt: " + string.Join(" ", created.Errors.Select(e => e.Description))));
        }

        // The password is for one sign-in only, after which the person must choose their own.
        await OneTimePasswords.IssueAsync(users, user).ConfigureAwait(false);
        if (roles.Count > 0)
        {
            await users.AddToRolesAsync(user, roles.Select(r => r.ToWire())).ConfigureAwait(false);
        }

        return Outcome<string>.Ok(password);
    }

    public async Task<IReadOnlyList<Role>?> RolesOfAsync(string userName, CancellationToken cancellationToken = default)
    {
        if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not { } user)
        {
            return null;
        }

        return [.. (await users.GetRolesAsync(user).ConfigureAwait(false)).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>()];
    }

    public async Task GrantAsync(string userName, IReadOnlyList<Role> roles, string? party, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false) ?? throw new InvalidOperationException($"There is no account '{userName}'.");
        await users.AddToRolesAsync(user, roles.Select(r => r.ToWire())).ConfigureAwait(false);
        if (party is not null)
        {
            await users.AddClaimAsync(user, new Claim(GrondslagClaims.Party, party)).ConfigureAwait(false);
        }
    }

    public async Task<int> OtherActiveAdministratorsAsync(string userName, CancellationToken cancellationToken)
    {
        var others = 0;
        foreach (var admin in await users.GetUsersInRoleAsync(Role.Administrator.ToWire()).ConfigureAwait(false))
        {
            if (!string.Equals(admin.UserName, userName, StringComparison.OrdinalIgnoreCase) && !await users.IsLockedOutAsync(admin).ConfigureAwait(false))
            {
                others++;
            }
        }

        return others;
    }

    public async Task<string> DisableAsync(string userName, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false) ?? throw new InvalidOperationException($"There is no account '{userName}'.");
        await users.SetLockoutEnabledAsync(user, true).ConfigureAwait(false);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        return user.UserName ?? userName;
    }

    public async Task<string?> SetEmailAsync(string userName, string? email, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false) ?? throw new InvalidOperationException($"There is no account '{userName}'.");

        // Not UserManager.SetEmailAsync: that renews the security stamp, which would sign the person out everywhere.
        user.Email = email;
        user.NormalizedEmail = email is null ? null : users.NormalizeEmail(email);
        user.EmailConfirmed = false;
        return await users.UpdateAsync(user).ConfigureAwait(false) is { Succeeded: false } failed ? string.Join(" ", failed.Errors.Select(e => e.Description)) : null;
    }

    public async Task<bool?> IsDisabledAsync(string userName, CancellationToken cancellationToken) =>
        await users.FindByNameAsync(userName).ConfigureAwait(false) is { } user ? Disabled(user) : null;

    public async Task<string> EnableAsync(string userName, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false) ?? throw new InvalidOperationException($"There is no account '{userName}'.");
        await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false);
        await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        return user.UserName ?? userName;
    }

    public async Task<string?> PartyOfAsync(string userName, CancellationToken cancellationToken) =>
        await users.FindByNameAsync(userName).ConfigureAwait(false) is { } user
            ? (await users.GetClaimsAsync(user).ConfigureAwait(false)).FirstOrDefault(c => c.Type == GrondslagClaims.Party)?.Value
            : null;

    /// <summary>Disabled: locked out without end (as opposed to a sign-in delay).</summary>
    private bool Disabled(IdentityUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow().AddYears(100);

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<AccountSummary>();
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            var roles = await users.GetRolesAsync(user).ConfigureAwait(false);
            result.Add(new AccountSummary(user.UserName ?? "", [.. roles.Order(StringComparer.Ordinal)], Disabled(user)) { Email = user.Email });
        }

        return result;
    }
}

/// <summary>The TAXII part's secrets and collection names, for the TAXII client use cases.</summary>
internal sealed class ServerTaxiiCredentials : ITaxiiCredentials
{
    public string NewSecret() => TaxiiSecrets.NewSecret();

    public string Hash(string secret) => TaxiiSecrets.Hash(secret);

    public string CollectionOf(string partyId) => TaxiiCollections.IdOf(partyId);
}
