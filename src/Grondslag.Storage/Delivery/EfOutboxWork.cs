using Grondslag.Delivery.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Delivery;

/// <summary><see cref="IOutboxWork"/> on the request's <see cref="GrondslagDbContext"/>: staged rows are saved with the caller's changes.</summary>
public sealed class EfOutboxWork(GrondslagDbContext db) : IOutboxWork
{
    public void Stage(OutboxEntry entry) => EfOutboxStore.Stage(db, entry);

    public Task<OutboxEntry?> FindAsync(string key, CancellationToken cancellationToken) => EfOutboxStore.FindAsync(db, key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        db.Set<OutboxRow>().AsNoTracking().AnyAsync(o => o.Key == key, cancellationToken);
}
