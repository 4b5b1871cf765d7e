using Grondslag.Application.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Delivery;

/// <summary><see cref="ITaxiiClientStore"/> on the <c>taxii_clients</c> rows (the secret's hash only).</summary>
public sealed class EfTaxiiClientStore(GrondslagDbContext db) : ITaxiiClientStore
{
    public async Task<bool> IssueAsync(string partyId, string secretHash, string issuedBy, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var existing = await db.Set<TaxiiClientRow>().FirstOrDefaultAsync(c => c.PartyId == partyId, cancellationToken).ConfigureAwait(false);
        var row = existing ?? db.Set<TaxiiClientRow>().Add(new TaxiiClientRow { PartyId = partyId }).Entity;
        row.SecretHash = secretHash;
        row.IssuedBy = issuedBy;
        row.IssuedAt = issuedAt;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.Entry(row).State = EntityState.Detached;
        return existing is not null;
    }

    public async Task<bool> RevokeAsync(string partyId, CancellationToken cancellationToken) =>
        await db.Set<TaxiiClientRow>().Where(c => c.PartyId == partyId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<TaxiiClientRecord>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<TaxiiClientRow>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).Select(r => new TaxiiClientRecord(r.PartyId, r.IssuedBy, r.IssuedAt))];

    public async Task<string?> SecretHashOfAsync(string partyId, CancellationToken cancellationToken) =>
        await db.Set<TaxiiClientRow>().AsNoTracking().Where(c => c.PartyId == partyId).Select(c => c.SecretHash).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
}
