using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Admin;

/// <summary>
/// An administrator's activation of reference data: a party registry (its YAML kept whole) or a rule set
/// (its version hash and configured entry-into-force date). The newest row of a kind is in force.
/// </summary>
public sealed class ActivationRow
{
    public const string Parties = "parties";
    public const string RuleSet = "rule-set";

    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Sha256 { get; set; } = "";

    /// <summary>The party registry's YAML; null for a rule set (its files stay under version control).</summary>
    public string? Content { get; set; }

    /// <summary>For a rule set: the Cbw's configured entry into force (YYYY-MM-DD), if any.</summary>
    public string? CbwEntryIntoForce { get; set; }

    public string ActivatedBy { get; set; } = "";
    public DateTimeOffset ActivatedAt { get; set; }
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
