using Grondslag.Application.Notifications;
using Grondslag.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Notifications;

/// <summary>One staff notice, once: the key is (kind, subject, recipient).</summary>
public sealed class NoticeRow
{
    public string Key { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Recipient { get; set; } = "";
    public string? CaseId { get; set; }

    /// <summary><c>pending</c>, <c>sent</c>, <c>no-address</c>, <c>gave-up</c>.</summary>
    public string State { get; set; } = "";

    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

internal sealed class NoticeRowConfiguration : IEntityTypeConfiguration<NoticeRow>
{
    public void Configure(EntityTypeBuilder<NoticeRow> b)
    {
        b.ToTable("notices_sent");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(600);
        b.Property(x => x.LastError).HasMaxLength(2000);
    }
}

/// <summary>The notice ledger, each call in its own short context (the notifier runs outside any request).</summary>
public sealed class EfNoticeLedger(StorageOptions storage) : INoticeLedger
{
    public async Task<IReadOnlyDictionary<string, NoticeEntry>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await using var db = GrondslagDatabase.Create(storage);
        var result = new Dictionary<string, NoticeEntry>(StringComparer.Ordinal);
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var row in await db.Set<NoticeRow>().AsNoTracking().Where(r => chunk.Contains(r.Key)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                result[row.Key] = new NoticeEntry(row.Key, Parse(row.State), row.Attempts);
            }
        }

        return result;
    }

    public async Task<bool> TryClaimAsync(DueNotice notice, NoticeState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await using var db = GrondslagDatabase.Create(storage);
        db.Set<NoticeRow>().Add(new NoticeRow
        {
            Key = notice.Key,
            Kind = notice.Kind.ToWire(),
            Subject = notice.Subject,
            Recipient = notice.Recipient,
            CaseId = notice.CaseId,
            State = Wire(state),
            ClaimedAt = now.ToUniversalTime(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // The key is there already: another pass or node claimed it first.
            return false;
        }
    }

    public async Task MarkAsync(string key, NoticeState state, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = GrondslagDatabase.Create(storage);
        if (await db.Set<NoticeRow>().FirstOrDefaultAsync(r => r.Key == key, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return;
        }

        row.State = Wire(state);
        if (state == NoticeState.Sent)
        {
            row.SentAt = now.ToUniversalTime();
        }
        else
        {
            row.Attempts++;
            row.LastError = error is { Length: > 2000 } ? error[..2000] : error;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Wire(NoticeState state) => state switch
    {
        NoticeState.Pending => "pending",
        NoticeState.Sent => "sent",
        NoticeState.NoAddress => "no-address",
        NoticeState.GaveUp => "gave-up",
    };

    private static NoticeState Parse(string text) => text switch
    {
        "sent" => NoticeState.Sent,
        "no-address" => NoticeState.NoAddress,
        "gave-up" => NoticeState.GaveUp,
        _ => NoticeState.Pending,
    };
}
