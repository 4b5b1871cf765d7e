using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>
/// Disables an account: it can no longer sign in and its open sessions and tokens stop working at their next check.
/// Not one's own account, nor the last administrator who can sign in. Audited.
/// </summary>
public interface IDisableAccount
{
    Task<Outcome<string>> ExecuteAsync(string userName, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IDisableAccount"/>
public sealed class DisableAccount(IAccountRegistry accounts, IRecordAccountEvent record) : IDisableAccount
{
    /// <summary>Longest user name an account can have (the sign-in refuses longer ones too).</summary>
    public const int MaxUserName = 256;

    public async Task<Outcome<string>> ExecuteAsync(string userName, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(actor);
        if (string.Equals(userName, actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText("An administrator cannot disable their own account; ask another administrator.", "Een beheerder kan het eigen account niet blokkeren; vraag een andere beheerder."));
        }

        if (userName.Length > MaxUserName || await accounts.RolesOfAsync(userName, cancellationToken).ConfigureAwait(false) is not { } roles)
        {
            return new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no account '{(userName.Length > 64 ? userName[..64] + "…" : userName)}'.", $"Er is geen account '{(userName.Length > 64 ? userName[..64] + "…" : userName)}'."));
        }

        if (roles.Contains(Role.Administrator) && await accounts.OtherActiveAdministratorsAsync(userName, cancellationToken).ConfigureAwait(false) == 0)
        {
            return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText("This is the last administrator who can sign in; appoint another before disabling it.", "Dit is de laatste beheerder die kan inloggen; wijs eerst een andere aan voordat u dit account blokkeert."));
        }

        var name = await accounts.DisableAsync(userName, cancellationToken).ConfigureAwait(false);
        await record.ExecuteAsync("account.disable", actor, name, new JsonObject(), cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Ok(name);
    }
}
