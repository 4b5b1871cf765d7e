using Grondslag.Delivery.Outbox;
using Grondslag.Domain.Parties;
using Microsoft.EntityFrameworkCore;

namespace Grondslag.Storage.Delivery;

/// <summary>
/// The outbox in the Grondslag database (both providers), so that several server nodes share one queue and an
/// entry can be added in the same transaction as the release that caused it. Either opens a context per call
/// (the sender in the background), or works on a caller's context and transaction (the release).
/// </summary>
public sealed class EfOutboxStore : IOutboxStore
{
    private readonly Func<GrondslagDbContext> _open;
    private readonly bool _owned;

    /// <summary>A store that opens its own context (and so its own transaction) per call.</summary>
    public EfOutboxStore(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _open = () => GrondslagDatabase.Create(storage);
        _owned = true;
    }

    /// <summary>A store on the caller's context: writes join the caller's open transaction.</summary>
    public EfOutboxStore(GrondslagDbContext shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _open = () => shared;
        _owned = false;
    }

    public bool TryAdd(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Use(db =>
        {
            if (db.Set<OutboxRow>().AsNoTracking().Any(r => r.Key == entry.Key))
            {
                return false;
            }

            var row = new OutboxRow { Key = entry.Key };
            Copy(entry, row);
            db.Set<OutboxRow>().Add(row);
            try
            {
                db.SaveChanges();
                return true;
            }
            catch (DbUpdateException) when (_owned)
            {
                // Another node added the same key between our check and our insert: theirs stands.
                return false;
            }
            finally
            {
                db.Entry(row).State = EntityState.Detached;
            }
        });
    }

    public OutboxEntry? Find(string key) =>
        Use(db => db.Set<OutboxRow>().AsNoTracking().FirstOrDefault(r => r.Key == key) is { } row ? ToEntry(row) : null);

    public void Update(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Use(db =>
        {
            var row = db.Set<OutboxRow>().FirstOrDefault(r => r.Key == entry.Key)
                ?? throw new InvalidOperationException($"No outbox entry '{entry.Key}' in the database to update.");
            Copy(entry, row);
            row.Version++;
            db.SaveChanges();
            db.Entry(row).State = EntityState.Detached;
            return true;
        });
    }

    public IReadOnlyList<OutboxEntry> All() =>
        Use(db => db.Set<OutboxRow>().AsNoTracking().ToList()
            .Select(ToEntry)
            .OrderBy(e => e.EnqueuedAt)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList());

    /// <summary>
    /// Adds the work of a release or withdrawal (made by <see cref="ChannelWork"/> from the gate-made share) to the
    /// caller's context, unsaved: it is written with the release's own changes, in its transaction.
    /// </summary>
    public static void Stage(GrondslagDbContext db, OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var row = new OutboxRow { Key = entry.Key, Kind = entry.IsRevocation ? "withdrawal" : "release" };
        Copy(entry, row);
        row.DueAt = entry.NextAttemptAt.ToUnixTimeMilliseconds();
        db.Set<OutboxRow>().Add(row);
    }

    /// <summary>The entry with this key as stored, read without a transaction (a channel step reads its work).</summary>
    public static async Task<OutboxEntry?> FindAsync(GrondslagDbContext db, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<OutboxRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken).ConfigureAwait(false) is { } row ? ToEntry(row) : null;
    }

    private T Use<T>(Func<GrondslagDbContext, T> action)
    {
        var db = _open();
        try
        {
            return action(db);
        }
        finally
        {
            if (_owned)
            {
                db.Dispose();
            }
        }
    }

    private static void Copy(OutboxEntry entry, OutboxRow row)
    {
        row.CaseId = entry.CaseId;
        row.ShareId = entry.ShareId;
        row.RecipientId = entry.RecipientId;
        row.Channel = entry.Channel.ToString();
        row.Destination = entry.Destination;
        row.Payload = entry.Payload.ToArray();
        row.EnqueuedAt = entry.EnqueuedAt.ToUniversalTime();
        row.State = entry.State.ToString();
        row.Attempts = entry.Attempts;
        row.NextAttemptAt = entry.NextAttemptAt.ToUniversalTime();
        row.SentAt = entry.SentAt?.ToUniversalTime();
        row.LastError = entry.LastError;
        row.IsWork = entry.IsWork;
        row.DueAt = entry.NextAttemptAt.ToUnixTimeMilliseconds();
    }

    private static OutboxEntry ToEntry(OutboxRow row) => new(
        row.Key,
        row.CaseId,
        row.ShareId,
        row.RecipientId,
        Enum.Parse<ChannelKind>(row.Channel),
        row.Destination,
        row.Payload,
        row.EnqueuedAt,
        Enum.Parse<OutboxState>(row.State),
        row.Attempts,
        row.NextAttemptAt,
        row.SentAt,
        row.LastError)
    {
        IsWork = row.IsWork,
    };
}
