using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Delivery;

internal sealed class TaxiiObjectRowConfiguration : IEntityTypeConfiguration<TaxiiObjectRow>
{
    public void Configure(EntityTypeBuilder<TaxiiObjectRow> b)
    {
        b.ToTable("taxii_object");
        b.HasKey(x => new { x.CollectionId, x.ObjectId, x.Version });
        // Strictly increasing per collection: two objects never share a date_added, so paging is exact.
        b.HasIndex(x => new { x.CollectionId, x.DateAdded }).IsUnique();
        b.HasIndex(x => x.ShareId);
    }
}

internal sealed class TaxiiClientRowConfiguration : IEntityTypeConfiguration<TaxiiClientRow>
{
    public void Configure(EntityTypeBuilder<TaxiiClientRow> b)
    {
        b.ToTable("taxii_client");
        b.HasKey(x => x.PartyId);
    }
}

internal sealed class ShareDeliveryRowConfiguration : IEntityTypeConfiguration<ShareDeliveryRow>
{
    public void Configure(EntityTypeBuilder<ShareDeliveryRow> b)
    {
        b.ToTable("share_deliveries");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.CaseId, x.ShareId });
        // One record per share, channel and kind: a share is published, queued and withdrawn once each.
        b.HasIndex(x => new { x.ShareId, x.Channel, x.Kind }).IsUnique();
    }
}

internal sealed class OutboxRowConfiguration : IEntityTypeConfiguration<OutboxRow>
{
    public void Configure(EntityTypeBuilder<OutboxRow> b)
    {
        b.ToTable("outbox");
        b.HasKey(x => x.Key);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.ShareId);
        // The worker's page: pending rows by due time.
        b.HasIndex(x => new { x.State, x.DueAt });
    }
}
