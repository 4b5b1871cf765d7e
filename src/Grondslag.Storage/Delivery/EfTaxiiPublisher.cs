using System.Text.Json.Nodes;
using Grondslag.Delivery.Outbox;
using Grondslag.Delivery.Taxii;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Delivery;

/// <summary>
/// The TAXII collections in the Grondslag database: publication and revocation inside the caller's (the channel step's)
/// transaction, serialised by a transaction-scoped lock.
/// </summary>
public sealed class EfTaxiiPublisher(GrondslagDbContext db) : ITaxiiPublisher
{
    // pg_advisory_xact_lock key for "TAXII publish": 0x4772546178696950 ("GrTaxiiP"), used nowhere else.
    private const string PostgresLock = "SELECT pg_advisory_xact_lock(5148074574633396560)";
    private const string SqliteLock = "UPDATE taxii_object SET \"DateAdded\" = \"DateAdded\" WHERE 0 = 1";

    /// <summary>Object ids per lookup query: well under SQLite's 32,766 variables, and a small plan for PostgreSQL.</summary>
    private const int LookupChunk = 2_000;

    /// <summary>
    /// Publishes the TAXII work of a released share (its STIX bundle, built from the gate-made share when the release
    /// was recorded) in its recipient's collection, inside the caller's transaction — unless the share was withdrawn
    /// meanwhile (then nothing is added and null is returned). Checked under the publication lock, so a withdrawal's
    /// removal and a late publication never interleave.
    /// </summary>
    public async Task<TaxiiPublication?> PublishAsync(TaxiiWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await LockAsync(cancellationToken).ConfigureAwait(false);
        var revocation = OutboxEntry.RevocationKeyOf(work.ShareId, Grondslag.Domain.Parties.ChannelKind.Taxii);
        if (await db.Set<OutboxRow>().AsNoTracking().AnyAsync(o => o.Key == revocation, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return await AddAsync(work.RecipientId, work.CaseId, work.ShareId, work.Bundle, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Withdraws a share from its recipient's collection so that no later pull (objects, manifest, versions,
    /// added_after) returns its addresses: every stored object of the share that carries an address — its
    /// address observables and every version of its indicators — is removed, and the revocation record (the
    /// withdrawal's TAXII work: the report, revoked, naming the reason and the ids of the indicators to delete) is
    /// published. The report never held an address; the full revoked bundle still goes to the recipient by e-mail.
    /// </summary>
    public async Task<TaxiiPublication> RevokeAsync(TaxiiWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await LockAsync(cancellationToken).ConfigureAwait(false);
        var collection = TaxiiCollections.IdOf(work.RecipientId);
        var carriesAddresses = ChannelWork.CarriesAddresses.ToArray();
        await db.Set<TaxiiObjectRow>()
            .Where(o => o.CollectionId == collection && o.ShareId == work.ShareId && carriesAddresses.Contains(o.ObjectType))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return await AddAsync(work.RecipientId, work.CaseId, work.ShareId, work.Bundle, now, cancellationToken).ConfigureAwait(false);
    }

    private Task LockAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? PostgresLock : SqliteLock, cancellationToken);

    /// <summary>
    /// Adds the objects of a bundle to the party's collection inside the caller's transaction, each with a
    /// date_added strictly after every earlier one in the collection. Publishing is serialised (a transaction-
    /// scoped lock), so date_added order is commit order and a client paging by <c>added_after</c> misses nothing.
    /// Versions already in the collection (the shared identity, an address sent before) are not added again.
    /// </summary>
    /// <returns>The bundle's id and the ids of the objects added.</returns>
    private async Task<TaxiiPublication> AddAsync(
        string partyId, string caseId, string shareId, JsonObject bundle, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var collection = TaxiiCollections.IdOf(partyId);
        await LockAsync(cancellationToken).ConfigureAwait(false);
        var set = db.Set<TaxiiObjectRow>();
        var last = await set.Where(o => o.CollectionId == collection).MaxAsync(o => (long?)o.DateAdded, cancellationToken).ConfigureAwait(false) ?? 0;
        var next = Math.Max(TaxiiMedia.Micros(now), last + 1);
        var objects = bundle["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        var ids = objects.Select(o => (string)o["id"]!).Distinct(StringComparer.Ordinal).ToList();
        // Which of these versions the collection already holds, asked in chunks. Each chunk is ONE parameter (a JSON
        // array: json_each on SQLite, = ANY on PostgreSQL), not EF's default of one parameter per element: binding
        // thousands of parameters per statement was most of a release's publication time.
        var existing = new HashSet<(string ObjectId, string Version)>();
        foreach (var chunk in ids.Chunk(LookupChunk))
        {
            foreach (var o in await set.AsNoTracking().Where(o => o.CollectionId == collection && EF.Parameter(chunk).Contains(o.ObjectId))
                .Select(o => new { o.ObjectId, o.Version }).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                existing.Add((o.ObjectId, o.Version));
            }
        }

        // An observable (no created/modified) is one immutable version: present once is present (a set, not a scan).
        var present = existing.Select(e => e.ObjectId).ToHashSet(StringComparer.Ordinal);
        var added = new List<string>();
        var rows = new List<TaxiiObjectRow>();
        foreach (var stix in objects)
        {
            var id = (string)stix["id"]!;
            var version = (string?)stix["modified"] ?? (string?)stix["created"];
            if (version is null ? present.Contains(id) : existing.Contains((id, version)))
            {
                continue;
            }

            var dateAdded = next++;
            version ??= TaxiiMedia.Timestamp(dateAdded);
            existing.Add((id, version));
            present.Add(id);
            rows.Add(new TaxiiObjectRow
            {
                CollectionId = collection,
                ObjectId = id,
                Version = version,
                DateAdded = dateAdded,
                MediaType = TaxiiMedia.Stix,
                ObjectType = (string)stix["type"]!,
                Json = stix.ToJsonString(),
                CaseId = caseId,
                ShareId = shareId,
            });
            added.Add(id);
        }

        await TaxiiObjectBulk.InsertAsync(db, rows, cancellationToken).ConfigureAwait(false);

        return new TaxiiPublication((string?)bundle["id"] ?? "", added);
    }
}
