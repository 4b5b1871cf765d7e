using Grondslag.Application.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Delivery;

/// <summary><see cref="ITaxiiCollectionQueries"/> on the <c>taxii_object</c> rows.</summary>
public sealed class EfTaxiiCollectionQueries(GrondslagDbContext db) : ITaxiiCollectionQueries
{
    public async Task<TaxiiPage> PageAsync(string collectionId, TaxiiFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var set = db.Set<TaxiiObjectRow>().AsNoTracking();
        var after = filter.After;
        var q = set.Where(o => o.CollectionId == collectionId && o.DateAdded > after);
        if (filter.Ids is { } idList)
        {
            var ids = idList.ToArray();
            q = q.Where(o => ids.Contains(o.ObjectId));
        }

        if (filter.Types is { } typeList)
        {
            var types = typeList.ToArray();
            q = q.Where(o => types.Contains(o.ObjectType));
        }

        if (!filter.All)
        {
            var first = filter.First;
            var last = filter.Last;
            var versions = filter.Versions.ToArray();
            q = q.Where(o =>
                (last && !set.Any(n => n.CollectionId == o.CollectionId && n.ObjectId == o.ObjectId && string.Compare(n.Version, o.Version) > 0))
                || (first && !set.Any(n => n.CollectionId == o.CollectionId && n.ObjectId == o.ObjectId && string.Compare(n.Version, o.Version) < 0))
                || versions.Contains(o.Version));
        }

        var limit = filter.Limit;
        var rows = await q.OrderBy(o => o.DateAdded).Take(limit + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var more = rows.Count > limit;
        return new TaxiiPage([.. (more ? rows[..limit] : rows).Select(r => new TaxiiObject(r.ObjectId, r.Version, r.DateAdded, r.MediaType, r.Json, r.ShareId))], more);
    }

    public Task<bool> HoldsAsync(string collectionId, string objectId, CancellationToken cancellationToken) =>
        db.Set<TaxiiObjectRow>().AnyAsync(o => o.CollectionId == collectionId && o.ObjectId == objectId, cancellationToken);
}
