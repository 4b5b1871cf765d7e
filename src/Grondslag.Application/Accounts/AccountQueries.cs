using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>Read-only questions of the administration: accounts, pending grants, TAXII clients (API and pages alike).</summary>
public interface IAccountQueries
{
    Task<IReadOnlyList<AccountSummary>> AccountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Grants that wait for a second administrator, oldest first.</summary>
    Task<IReadOnlyList<PendingGrant>> PendingGrantsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every party of the registry with its TAXII client, if any, by party name.</summary>
    Task<IReadOnlyList<TaxiiClientSummary>> TaxiiClientsAsync(CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IAccountQueries"/>
public sealed class AccountQueries(IAccountRegistry accounts, IAccountGrants grants, ITaxiiClientStore clients, ISharingContext sharing) : IAccountQueries
{
    public Task<IReadOnlyList<AccountSummary>> AccountsAsync(CancellationToken cancellationToken = default) => accounts.ListAsync(cancellationToken);

    public async Task<IReadOnlyList<PendingGrant>> PendingGrantsAsync(CancellationToken cancellationToken = default) =>
        [.. (await grants.PendingAsync(cancellationToken).ConfigureAwait(false))
            .Select(g => new PendingGrant(g.Id, g.UserName, [.. g.Roles.Select(r => r.ToWire())], g.Party, g.RequestedBy, g.RequestedAt, g.Reenable))];

    public async Task<IReadOnlyList<TaxiiClientSummary>> TaxiiClientsAsync(CancellationToken cancellationToken = default)
    {
        var issued = (await clients.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.PartyId, StringComparer.Ordinal);
        return [.. sharing.Parties.Parties.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => issued.TryGetValue(p.Id, out var r) ? new TaxiiClientSummary(p.Id, p.Name, r.IssuedBy, r.IssuedAt) : new TaxiiClientSummary(p.Id, p.Name, null, null))];
    }
}
