using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>Issues (or replaces) a party's TAXII credentials; the secret is in the answer only, never in the audit record. Audited.</summary>
public interface IIssueTaxiiClient
{
    Task<Outcome<IssuedTaxiiClient>> ExecuteAsync(string? partyId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IIssueTaxiiClient"/>
public sealed class IssueTaxiiClient(ITaxiiClientStore clients, ITaxiiCredentials credentials, ISharingContext sharing, IRecordAccountEvent record, TimeProvider clock) : IIssueTaxiiClient
{
    public async Task<Outcome<IssuedTaxiiClient>> ExecuteAsync(string? partyId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var party = partyId?.Trim() ?? "";
        if (party.Length == 0 || sharing.Parties.Find(party) is null)
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"party: '{partyId}' is not a party of the registry (e.g. cert-fr).", $"partij: '{partyId}' is geen partij uit het register (bijv. cert-fr)."));
        }

        var secret = credentials.NewSecret();
        var replaced = await clients.IssueAsync(party, credentials.Hash(secret), actor.Name, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var collection = credentials.CollectionOf(party);
        await record.ExecuteAsync(replaced ? "taxii.client-replace" : "taxii.client-issue", actor, party, new JsonObject
        {
            ["party"] = party,
            ["collection"] = collection,
        }, cancellationToken).ConfigureAwait(false);
        return Outcome<IssuedTaxiiClient>.Ok(new IssuedTaxiiClient(party, party, secret, collection, "/taxii2/", replaced));
    }
}

/// <summary>Revokes a party's TAXII credentials: its next pull is refused. Audited.</summary>
public interface IRevokeTaxiiClient
{
    Task<Outcome<string>> ExecuteAsync(string partyId, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IRevokeTaxiiClient"/>
public sealed class RevokeTaxiiClient(ITaxiiClientStore clients, IRecordAccountEvent record) : IRevokeTaxiiClient
{
    public async Task<Outcome<string>> ExecuteAsync(string partyId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!await clients.RevokeAsync(partyId, cancellationToken).ConfigureAwait(false))
        {
            return new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"'{partyId}' has no TAXII credentials to revoke.", $"'{partyId}' heeft geen TAXII-inloggegevens om in te trekken."));
        }

        await record.ExecuteAsync("taxii.client-revoke", actor, partyId, new JsonObject { ["party"] = partyId }, cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Ok(partyId);
    }
}
