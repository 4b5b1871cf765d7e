using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>
/// Re-enables a disabled account with the roles it holds; its password is unchanged (no new credential exists that the
/// administrator could know). Four eyes as for granting those roles (<see cref="AccountRoles.NeedsSecondAdministrator"/>):
/// an account with a case role or a recipient's access comes back only when a second administrator approves the
/// re-enabling grant, because re-enabling gives a person back exactly what such a grant gives. Audited either way.
/// </summary>
public interface IEnableAccount
{
    Task<Outcome<EnabledAccount>> ExecuteAsync(string userName, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IEnableAccount"/>
public sealed class EnableAccount(IAccountRegistry accounts, IAccountGrants grants, IRecordAccountEvent record, TimeProvider clock) : IEnableAccount
{
    public async Task<Outcome<EnabledAccount>> ExecuteAsync(string userName, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(actor);
        if (userName.Length > DisableAccount.MaxUserName || await accounts.RolesOfAsync(userName, cancellationToken).ConfigureAwait(false) is not { } held)
        {
            return new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no account '{(userName.Length > 64 ? userName[..64] + "…" : userName)}'.", $"Er is geen account '{(userName.Length > 64 ? userName[..64] + "…" : userName)}'."));
        }

        if (await accounts.IsDisabledAsync(userName, cancellationToken).ConfigureAwait(false) != true)
        {
            return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"The account {userName} is not disabled.", $"Het account {userName} is niet geblokkeerd."));
        }

        var wire = held.Select(r => r.ToWire()).ToArray();
        var administrators = await accounts.AdministratorCountAsync(cancellationToken).ConfigureAwait(false);
        if (!held.Any(r => AccountRoles.NeedsSecondAdministrator(r, administrators)))
        {
            var name = await accounts.EnableAsync(userName, cancellationToken).ConfigureAwait(false);
            await record.ExecuteAsync("account.enable", actor, name, new JsonObject { ["roles"] = new JsonArray([.. wire.Select(r => (JsonNode)r)]) }, cancellationToken).ConfigureAwait(false);
            return Outcome<EnabledAccount>.Ok(new EnabledAccount(name, wire, true, null, null));
        }

        var grantId = (await grants.PendingReenableAsync(userName, cancellationToken).ConfigureAwait(false))?.Id;
        if (grantId is null)
        {
            var party = await accounts.PartyOfAsync(userName, cancellationToken).ConfigureAwait(false);
            grantId = await grants.AddAsync(userName, held, party, actor.Name, clock.GetUtcNow(), cancellationToken, reenable: true).ConfigureAwait(false);
            await record.ExecuteAsync("account.enable-requested", actor, userName, new JsonObject
            {
                ["grant"] = grantId,
                ["roles"] = new JsonArray([.. wire.Select(r => (JsonNode)r)]),
            }, cancellationToken).ConfigureAwait(false);
        }

        return Outcome<EnabledAccount>.Ok(new EnabledAccount(userName, wire, false, grantId,
            $"/api/admin/account-grants/{grantId.Value.ToString(CultureInfo.InvariantCulture)}/approval"));
    }
}
