using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Admin;

/// <summary>
/// Roles an administrator asked to give an account that only a second administrator may grant (a case role, a
/// recipient's access, or administration once two administrators exist). Pending until <see cref="ApprovedBy"/> is set.
/// </summary>
public sealed class AccountGrantRow
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";

    /// <summary>The roles to grant, as wire names separated by commas.</summary>
    public string Roles { get; set; } = "";

    public string? Party { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    /// <summary>
    /// A request to re-enable a disabled account that holds these roles (issue 17): approval lifts the disabling instead
    /// of adding roles.
    /// </summary>
    public bool Reenable { get; set; }

    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
}

internal sealed class AccountGrantRowConfiguration : IEntityTypeConfiguration<AccountGrantRow>
{
    public void Configure(EntityTypeBuilder<AccountGrantRow> b)
    {
        b.ToTable("account_grants");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.HasIndex(x => x.UserName);
    }
}
