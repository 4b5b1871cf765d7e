using System.Text.Json;
using Grondslag.Application.Review;
using Grondslag.Domain.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Review;

/// <summary>One version of a breach record, kept whole as JSON; the newest version of a breach is current.</summary>
public sealed class BreachVersionRow
{
    public string BreachId { get; set; } = "";
    public int Version { get; set; }
    public string Json { get; set; } = "{}";
    public DateTimeOffset Deadline { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
    public string Change { get; set; } = "";
}

internal sealed class BreachVersionRowConfiguration : IEntityTypeConfiguration<BreachVersionRow>
{
    public void Configure(EntityTypeBuilder<BreachVersionRow> b)
    {
        b.ToTable("breach_versions");

        // One row per (breach, version): two officials changing the same version at once cannot both win.
        b.HasKey(x => new { x.BreachId, x.Version });
    }
}

/// <summary>The breach register on the shared context, so its writes join the use case's transaction.</summary>
public sealed class EfBreachRegister(GrondslagDbContext context) : IBreachRegister
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<BreachVersion>> LatestAsync(CancellationToken cancellationToken)
    {
        var rows = await context.Set<BreachVersionRow>().AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.GroupBy(r => r.BreachId, StringComparer.Ordinal).Select(g => ToVersion(g.MaxBy(r => r.Version)!)).OrderBy(v => v.Record.AwareAt)];
    }

    public async Task<BreachVersion?> FindAsync(string breachId, CancellationToken cancellationToken)
    {
        var row = await context.Set<BreachVersionRow>().AsNoTracking().Where(r => r.BreachId == breachId)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToVersion(row);
    }

    public void Add(BreachVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        context.Set<BreachVersionRow>().Add(new BreachVersionRow
        {
            BreachId = version.Record.Id,
            Version = version.Version,
            Json = JsonSerializer.Serialize(version.Record, Options),
            Deadline = version.Record.Deadline,
            ChangedBy = version.ChangedBy,
            ChangedAt = version.ChangedAt,
            Change = version.Change,
        });
    }

    private static BreachVersion ToVersion(BreachVersionRow row) =>
        new(JsonSerializer.Deserialize<BreachRecord>(row.Json, Options)!, row.Version, row.ChangedBy, row.ChangedAt, row.Change);
}
