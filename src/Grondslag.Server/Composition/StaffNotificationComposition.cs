using Grondslag.Application.Notifications;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Notifications;
using Grondslag.Server.Notifications;
using Grondslag.Server.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Server.Composition;

/// <summary>The staff accounts from ASP.NET Identity: roles, e-mail address, chosen language, disabled or not.</summary>
internal sealed class IdentityStaffDirectory(UserManager<IdentityUser> users, TimeProvider clock) : IStaffDirectory
{
    public async Task<IReadOnlyList<StaffAccount>> AccountsAsync(CancellationToken cancellationToken)
    {
        var result = new List<StaffAccount>();
        foreach (var user in await users.Users.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            var roles = (await users.GetRolesAsync(user).ConfigureAwait(false)).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>();
            var language = (await users.GetClaimsAsync(user).ConfigureAwait(false)).FirstOrDefault(c => c.Type == Localisation.LanguageClaim)?.Value ?? "nl";
            var disabled = user.LockoutEnd is { } end && end > clock.GetUtcNow();
            result.Add(new StaffAccount(user.UserName ?? "", [.. roles], user.Email, language, disabled));
        }

        return result;
    }
}

/// <summary>Registers the staff notifications.</summary>
internal static class NotificationComposition
{
    public static IServiceCollection AddStaffNotifications(this IServiceCollection services)
    {
        services.AddSingleton<INoticeLedger>(sp => new Grondslag.Storage.Notifications.EfNoticeLedger(sp.GetRequiredService<Grondslag.Storage.StorageOptions>()));
        services.AddScoped<IStaffDirectory, IdentityStaffDirectory>();
        services.AddSingleton<IStaffMail, StaffNoticeMail>();
        services.AddScoped<NotifyStaff>();
        services.AddHostedService<StaffNotifier>();
        return services;
    }
}
