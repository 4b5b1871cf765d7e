using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Identity;

namespace Grondslag.Server.Composition;

/// <summary>The case workflow's view of the accounts: ASP.NET Identity users and their roles.</summary>
internal sealed class IdentityAccountDirectory(UserManager<IdentityUser> users) : IAccountDirectory
{
    public async Task<IReadOnlyList<Role>?> RolesOfAsync(string userName, CancellationToken cancellationToken = default)
    {
        if (await users.FindByNameAsync(userName).ConfigureAwait(false) is not { } user)
        {
            return null;
        }

        return [.. (await users.GetRolesAsync(user).ConfigureAwait(false)).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>()];
    }
}
