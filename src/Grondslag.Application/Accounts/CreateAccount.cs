using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>
/// Creates an account with the roles that need no approval and a pending grant for the rest (a second administrator
/// approves those); the one-time password is in the answer only. Audited.
/// </summary>
public interface ICreateAccount
{
    Task<Outcome<CreatedAccount>> ExecuteAsync(string? userName, IEnumerable<string>? roleNames, string? partyId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ICreateAccount"/>
public sealed class CreateAccount(IAccountRegistry accounts, IAccountGrants grants, ISharingContext sharing, IRecordAccountEvent record, TimeProvider clock) : ICreateAccount
{
    public async Task<Outcome<CreatedAccount>> ExecuteAsync(string? userName, IEnumerable<string>? roleNames, string? partyId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var name = userName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("userName: name the account.", "gebruikersnaam: geef het account een naam."));
        }

        var roles = new List<Role>();
        foreach (var text in roleNames ?? [])
        {
            if (!CaseWire.TryParse<Role>(text, out var role))
            {
                return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"roles: '{text}' is not a role; use {string.Join(", ", Enum.GetValues<Role>().Select(r => r.ToWire()))}.", $"rollen: '{text}' is geen rol; gebruik {string.Join(", ", Enum.GetValues<Role>().Select(r => r.ToWire()))}."));
            }

            roles.Add(role);
        }

        if (roles.Count == 0)
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("roles: give the account at least one role.", "rollen: geef het account ten minste één rol."));
        }

        if (roles.Contains(Role.Recipient) && (roles.Count > 1 || string.IsNullOrWhiteSpace(partyId) || sharing.Parties.Find(partyId.Trim()) is null))
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("party: a recipient account has only the recipient role and names a party of the registry (e.g. cert-fr).", "partij: een ontvangersaccount heeft alleen de ontvangersrol en noemt een partij uit het register (bijv. cert-fr)."));
        }

        if (AccountRoles.Conflict(roles) is { } conflict)
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("roles: " + conflict.En, "rollen: " + conflict.Nl));
        }

        var administrators = await accounts.AdministratorCountAsync(cancellationToken).ConfigureAwait(false);
        var pending = roles.Distinct().Where(r => AccountRoles.NeedsSecondAdministrator(r, administrators)).ToList();
        var now = roles.Distinct().Except(pending).ToList();
        var created = await accounts.CreateAsync(name, now, cancellationToken).ConfigureAwait(false);
        if (created.Refusal is { } notCreated)
        {
            return notCreated;
        }

        var party = roles.Contains(Role.Recipient) ? partyId!.Trim() : null;
        long? grant = pending.Count > 0
            ? await grants.AddAsync(name, pending, party, actor.Name, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            : null;
        await record.ExecuteAsync("account.create", actor, name, new JsonObject
        {
            ["roles"] = new JsonArray([.. now.Select(r => (JsonNode)r.ToWire())]),
            ["pendingRoles"] = new JsonArray([.. pending.Select(r => (JsonNode)r.ToWire())]),
            ["grant"] = grant,
            ["party"] = party,
        }, cancellationToken).ConfigureAwait(false);
        if (grant is not { } id)
        {
            return Outcome<CreatedAccount>.Ok(new CreatedAccount(name, [.. now.Select(r => r.ToWire())], party, created.Value!, [], null, null));
        }

        var approve = $"/api/admin/account-grants/{id.ToString(CultureInfo.InvariantCulture)}/approval";
        return Outcome<CreatedAccount>.Ok(new CreatedAccount(name, [.. now.Select(r => r.ToWire())], null, created.Value!, [.. pending.Select(r => r.ToWire())], id, approve));
    }
}
