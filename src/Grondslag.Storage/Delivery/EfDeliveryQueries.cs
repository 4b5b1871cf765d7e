using Grondslag.Application.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Delivery;

/// <summary><see cref="IDeliveryQueries"/> on the recorded delivery steps (no tracking, ordered in the database).</summary>
public sealed class EfDeliveryQueries(GrondslagDbContext db) : IDeliveryQueries
{
    public Task<IReadOnlyList<DeliveryStep>> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        ReadAsync(db.Set<ShareDeliveryRow>().Where(r => r.CaseId == caseId), cancellationToken);

    public Task<IReadOnlyList<DeliveryStep>> ForShareAsync(string shareId, CancellationToken cancellationToken = default) =>
        ReadAsync(db.Set<ShareDeliveryRow>().Where(r => r.ShareId == shareId), cancellationToken);

    private static async Task<IReadOnlyList<DeliveryStep>> ReadAsync(IQueryable<ShareDeliveryRow> rows, CancellationToken cancellationToken)
    {
        // SQLite cannot order by a DateTimeOffset column: order after reading (a share has a handful of steps).
        var read = await rows.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. read.OrderBy(r => r.RecordedAt).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Channel, StringComparer.Ordinal)
            .Select(r => new DeliveryStep(r.Id, r.CaseId, r.ShareId, r.PartyId, r.Channel, r.Kind, r.Status, r.Detail, r.Reference, r.Objects, r.RecordedBy, r.RecordedAt))];
    }
}
