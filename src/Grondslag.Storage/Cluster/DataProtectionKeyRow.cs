using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Cluster;

/// <summary>
/// One key of ASP.NET Core's data-protection key ring (what signs and encrypts cookies, bearer tokens and CSRF tokens),
/// shared by every server node through the database so that what one node issued another accepts. <see cref="Xml"/>
/// is the key's XML as the key manager writes it, its secret part already encrypted with the deployment's key-ring key
/// (a key file or a certificate, configured outside the database): a copy of the database alone does not reveal it.
/// Rows are only ever added; the key manager retires keys by writing revocation elements, never by deleting.
/// </summary>
public sealed class DataProtectionKeyRow
{
    public long Id { get; set; }

    /// <summary>The name the key manager gives the element (<c>key-{guid}</c> or <c>revocation-…</c>).</summary>
    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}

internal sealed class DataProtectionKeyRowConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> b)
    {
        b.ToTable("data_protection_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.FriendlyName).HasMaxLength(200);
    }
}
