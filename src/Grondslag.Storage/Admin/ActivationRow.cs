using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Admin;

/// <summary>
/// An activation of reference data: a party registry (its YAML kept whole) or a rule set (a snapshot of every rule
/// and scenario file, its version hash and configured entry-into-force date). The newest row of a kind with content
/// is in force; the server loads it from here at start-up, never from the files on disk.
/// </summary>
public sealed class ActivationRow
{
    public const string Parties = "parties";
    public const string RuleSet = "rule-set";

    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Sha256 { get; set; } = "";

    /// <summary>The registry's YAML, or the rule set's file snapshot (JSON); null only in rows from before activation was pinned.</summary>
    public string? Content { get; set; }

    /// <summary>The proposal a second administrator approved (null for the first activation at start-up).</summary>
    public long? ProposalId { get; set; }

    /// <summary>Who proposed it (four eyes: <see cref="ActivatedBy"/> approved it).</summary>
    public string? ProposedBy { get; set; }

    /// <summary>For a rule set: the Cbw's configured entry into force (YYYY-MM-DD), if any.</summary>
    public string? CbwEntryIntoForce { get; set; }

    public string ActivatedBy { get; set; } = "";
    public DateTimeOffset ActivatedAt { get; set; }
}

/// <summary>A proposed activation, with the candidate's content and scenario results, until a different administrator approves it.</summary>
public sealed class ActivationProposalRow
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string Content { get; set; } = "";
    public string? CbwEntryIntoForce { get; set; }
    public int ScenariosPassed { get; set; }
    public string ProposedBy { get; set; } = "";
    public DateTimeOffset ProposedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
}

internal sealed class ActivationProposalRowConfiguration : IEntityTypeConfiguration<ActivationProposalRow>
{
    public void Configure(EntityTypeBuilder<ActivationProposalRow> b)
    {
        b.ToTable("activation_proposals");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
    }
}

internal sealed class ActivationRowConfiguration : IEntityTypeConfiguration<ActivationRow>
{
    public void Configure(EntityTypeBuilder<ActivationRow> b)
    {
        b.ToTable("activations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.HasIndex(x => new { x.Kind, x.Id });
    }
}
