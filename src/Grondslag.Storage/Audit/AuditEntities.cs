using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Audit;

/// <summary>One appended audit entry: the stored columns, every one of them covered by <see cref="LeafHash"/>.</summary>
public sealed class AuditEntry
{
    /// <summary>0-based position in the log; no gaps.</summary>
    public long Index { get; set; }

    /// <summary>When it was appended, UTC, whole microseconds (what both providers store exactly).</summary>
    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = "";

    public string Role { get; set; } = "";

    public string Action { get; set; } = "";

    public string? CaseId { get; set; }

    public string? Subject { get; set; }

    /// <summary>The payload as RFC 8785 canonical JSON text.</summary>
    public string Payload { get; set; } = "{}";

    /// <summary>SHA-256(0x00 ‖ <see cref="AuditEntryEncoding.Encode"/>), as appended to the tree.</summary>
    public byte[] LeafHash { get; set; } = [];
}

/// <summary>The log's head: size and Merkle frontier, so an append costs O(log n) without rereading the log.</summary>
public sealed class AuditLogHead
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long Size { get; set; }

    /// <summary>The frontier hashes back to back, largest subtree first (see MerkleFrontier.ExportNodes).</summary>
    public byte[] Frontier { get; set; } = [];
}

/// <summary>A signed checkpoint as stored: its size, its root and the signed note text exactly as signed.</summary>
public sealed class AuditCheckpoint
{
    public long Size { get; set; }

    public byte[] RootHash { get; set; } = [];

    /// <summary>The C2SP signed note (checkpoint body, blank line, signature lines).</summary>
    public string SignedNote { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entry");
        builder.HasKey(e => e.Index);
        builder.Property(e => e.Index).HasColumnName("entry_index").ValueGeneratedNever();
        builder.Property(e => e.At).HasColumnName("at");
        builder.Property(e => e.Actor).HasColumnName("actor").IsRequired();
        builder.Property(e => e.Role).HasColumnName("role").IsRequired();
        builder.Property(e => e.Action).HasColumnName("action").IsRequired();
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.Subject).HasColumnName("subject");
        builder.Property(e => e.Payload).HasColumnName("payload").IsRequired();
        builder.Property(e => e.LeafHash).HasColumnName("leaf_hash").IsRequired();
        builder.HasIndex(e => e.CaseId);
    }
}

internal sealed class AuditLogHeadConfiguration : IEntityTypeConfiguration<AuditLogHead>
{
    public void Configure(EntityTypeBuilder<AuditLogHead> builder)
    {
        builder.ToTable("audit_log_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(h => h.Size).HasColumnName("size");
        builder.Property(h => h.Frontier).HasColumnName("frontier").IsRequired();
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("audit_checkpoint");
        builder.HasKey(c => c.Size);
        builder.Property(c => c.Size).HasColumnName("size").ValueGeneratedNever();
        builder.Property(c => c.RootHash).HasColumnName("root_hash").IsRequired();
        builder.Property(c => c.SignedNote).HasColumnName("signed_note").IsRequired();
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
    }
}
