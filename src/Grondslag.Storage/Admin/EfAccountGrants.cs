using Grondslag.Application.Accounts;
using Grondslag.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Admin;

/// <summary><see cref="IAccountGrants"/> on the <c>account_grants</c> table (roles stored as comma-separated wire names).</summary>
public sealed class EfAccountGrants(GrondslagDbContext db) : IAccountGrants
{
    public async Task<long> AddAsync(string userName, IReadOnlyList<Role> roles, string? party, string requestedBy, DateTimeOffset requestedAt, CancellationToken cancellationToken, bool reenable = false)
    {
        var row = new AccountGrantRow { UserName = userName, Roles = string.Join(",", roles.Select(r => r.ToWire())), Party = party, Reenable = reenable, RequestedBy = requestedBy, RequestedAt = requestedAt };
        db.Set<AccountGrantRow>().Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.Entry(row).State = EntityState.Detached;
        return row.Id;
    }

    public async Task<AccountGrant?> FindAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<AccountGrantRow>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken).ConfigureAwait(false) is { } row ? Grant(row) : null;

    public async Task<AccountGrant?> PendingReenableAsync(string userName, CancellationToken cancellationToken) =>
        await db.Set<AccountGrantRow>().AsNoTracking().FirstOrDefaultAsync(g => g.UserName == userName && g.Reenable && g.ApprovedBy == null, cancellationToken).ConfigureAwait(false) is { } row ? Grant(row) : null;

    public async Task<bool> ApproveOnceAsync(long id, string approvedBy, DateTimeOffset approvedAt, CancellationToken cancellationToken) =>
        await db.Set<AccountGrantRow>().Where(g => g.Id == id && g.ApprovedBy == null)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.ApprovedBy, approvedBy).SetProperty(g => g.ApprovedAt, approvedAt), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<IReadOnlyList<AccountGrant>> PendingAsync(CancellationToken cancellationToken) =>
        [.. (await db.Set<AccountGrantRow>().AsNoTracking().Where(g => g.ApprovedBy == null).ToListAsync(cancellationToken).ConfigureAwait(false))
            .OrderBy(g => g.Id).Select(Grant)];

    private static AccountGrant Grant(AccountGrantRow row) =>
        new(row.Id, row.UserName, [.. row.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => CaseWire.TryParse<Role>(r, out var role) ? role : (Role?)null).OfType<Role>()],
            row.Party, row.RequestedBy, row.RequestedAt, row.ApprovedBy, row.Reenable);
}
