using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>
/// A second administrator approves a grant: not the one who asked for it, nor the account itself; the account must not
/// end up holding administration and a case role. Approval and refusal are both audited.
/// </summary>
public interface IApproveGrant
{
    Task<Outcome<ApprovedGrant>> ExecuteAsync(long grantId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IApproveGrant"/>
public sealed class ApproveGrant(IAccountRegistry accounts, IAccountGrants grants, IRecordAccountEvent record, TimeProvider clock) : IApproveGrant
{
    public async Task<Outcome<ApprovedGrant>> ExecuteAsync(long grantId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var grant = await grants.FindAsync(grantId, cancellationToken).ConfigureAwait(false);
        var held = grant is null ? null : await accounts.RolesOfAsync(grant.UserName, cancellationToken).ConfigureAwait(false);
        var granted = grant?.Roles ?? [];
        var refusal = grant switch
        {
            null => new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no account grant {grantId}.", $"Er is geen roltoekenning {grantId}.")),
            { ApprovedBy: { } by } => new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Grant {grantId} was already approved by {by}.", $"Roltoekenning {grantId} is al goedgekeurd door {by}.")),
            _ when held is null => new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"The account {grant.UserName} no longer exists.", $"Het account {grant.UserName} bestaat niet meer.")),
            _ when string.Equals(grant.RequestedBy, actor.Name, StringComparison.OrdinalIgnoreCase) =>
                new Refusal(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText($"Four eyes: {actor.Name} asked for these roles for {grant.UserName} and cannot also approve them; another administrator must.", $"Vier ogen: {actor.Name} heeft deze rollen voor {grant.UserName} aangevraagd en kan ze niet ook goedkeuren; een andere beheerder moet dat doen.")),
            _ when string.Equals(grant.UserName, actor.Name, StringComparison.OrdinalIgnoreCase) =>
                new Refusal(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText($"Four eyes: {actor.Name} cannot approve roles for their own account.", $"Vier ogen: {actor.Name} kan geen rollen voor het eigen account goedkeuren.")),
            _ when AccountRoles.Conflict(held.Concat(granted)) is { } conflict => new Refusal(RefusalKind.Conflict, conflict),
            _ => null,
        };
        if (refusal is null && grant!.Reenable && await accounts.IsDisabledAsync(grant.UserName, cancellationToken).ConfigureAwait(false) != true)
        {
            refusal = new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"The account {grant.UserName} is no longer disabled.", $"Het account {grant.UserName} is niet meer geblokkeerd."));
        }

        if (refusal is null && !await grants.ApproveOnceAsync(grantId, actor.Name, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            refusal = new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Grant {grantId} was approved meanwhile.", $"Roltoekenning {grantId} is intussen goedgekeurd."));
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

        if (grant!.Reenable)
        {
            await accounts.EnableAsync(grant.UserName, cancellationToken).ConfigureAwait(false);
            await record.ExecuteAsync("account.enable", actor, grant.UserName, new JsonObject
            {
                ["grant"] = grantId,
                ["roles"] = new JsonArray([.. held!.Select(r => (JsonNode)r.ToWire())]),
                ["requestedBy"] = grant.RequestedBy,
            }, cancellationToken).ConfigureAwait(false);
            return Outcome<ApprovedGrant>.Ok(new ApprovedGrant(grantId, grant.UserName, [.. held!.Select(r => r.ToWire())], grant.Party, grant.RequestedBy, actor.Name));
        }

        await accounts.GrantAsync(grant.UserName, granted, grant.Party, cancellationToken).ConfigureAwait(false);
        await record.ExecuteAsync("account.grant-approved", actor, grant.UserName, new JsonObject
        {
            ["grant"] = grantId,
            ["roles"] = new JsonArray([.. granted.Select(r => (JsonNode)r.ToWire())]),
            ["party"] = grant.Party,
            ["requestedBy"] = grant.RequestedBy,
        }, cancellationToken).ConfigureAwait(false);
        return Outcome<ApprovedGrant>.Ok(new ApprovedGrant(grantId, grant.UserName, [.. held!.Concat(granted).Distinct().Select(r => r.ToWire())], grant.Party, grant.RequestedBy, actor.Name));
    }
}
