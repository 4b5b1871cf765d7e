using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Grondslag.Storage.Cases;

internal sealed class CaseRowConfiguration : IEntityTypeConfiguration<CaseRow>
{
    public void Configure(EntityTypeBuilder<CaseRow> b)
    {
        b.ToTable("cases");
        b.HasKey(x => x.Id);
        b.Property(x => x.Version).IsConcurrencyToken();

        // The keyset orders of the case list (creation order) and the open-cases list (OpenCaseOrder), seeked in SQL.
        b.HasIndex(x => new { x.CreatedAt, x.Id });
        b.HasIndex(x => new { x.Deadline, x.CreatedAt, x.Id }).IsDescending(false, true, false);
    }
}

internal sealed class ImportRowConfiguration : IEntityTypeConfiguration<ImportRow>
{
    public void Configure(EntityTypeBuilder<ImportRow> b)
    {
        b.ToTable("case_imports");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.CaseId, x.Sha256 }).IsUnique();
        b.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId);
    }
}

internal sealed class ImportContentRowConfiguration : IEntityTypeConfiguration<ImportContentRow>
{
    public void Configure(EntityTypeBuilder<ImportContentRow> b)
    {
        b.ToTable("case_import_contents");
        b.HasKey(x => x.ImportId);
        b.HasOne<ImportRow>().WithOne().HasForeignKey<ImportContentRow>(x => x.ImportId);
    }
}

internal sealed class ImportDigestRowConfiguration : IEntityTypeConfiguration<ImportDigestRow>
{
    public void Configure(EntityTypeBuilder<ImportDigestRow> b)
    {
        b.ToTable("case_import_digests");
        b.HasKey(x => x.ImportId);
        b.HasOne<ImportRow>().WithOne().HasForeignKey<ImportDigestRow>(x => x.ImportId);
    }
}

internal sealed class ImportChunkRowConfiguration : IEntityTypeConfiguration<ImportChunkRow>
{
    public void Configure(EntityTypeBuilder<ImportChunkRow> b)
    {
        b.ToTable("case_import_chunks");
        b.HasKey(x => new { x.ImportId, x.Kind, x.Seq });
        b.HasOne<ImportRow>().WithMany().HasForeignKey(x => x.ImportId);
    }
}

internal sealed class ShareIndicatorChunkRowConfiguration : IEntityTypeConfiguration<ShareIndicatorChunkRow>
{
    public void Configure(EntityTypeBuilder<ShareIndicatorChunkRow> b)
    {
        b.ToTable("case_share_indicators");
        b.HasKey(x => new { x.ShareId, x.Seq });
        b.HasOne<ShareRow>().WithMany().HasForeignKey(x => x.ShareId);
    }
}

internal sealed class PlanRowConfiguration : IEntityTypeConfiguration<PlanRow>
{
    public void Configure(EntityTypeBuilder<PlanRow> b)
    {
        b.ToTable("case_plans");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.Supersedes).IsUnique();
        b.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId);
        b.HasOne<ImportRow>().WithMany().HasForeignKey(x => x.ImportId);
    }
}

internal sealed class ShareRowConfiguration : IEntityTypeConfiguration<ShareRow>
{
    public void Configure(EntityTypeBuilder<ShareRow> b)
    {
        b.ToTable("case_shares");
        b.HasKey(x => x.Id);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.CaseId, x.PartyId });
        b.HasOne<PlanRow>().WithMany().HasForeignKey(x => x.PlanId);
    }
}

internal sealed class AdviceRowConfiguration : IEntityTypeConfiguration<AdviceRow>
{
    public void Configure(EntityTypeBuilder<AdviceRow> b)
    {
        b.ToTable("case_advice");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ShareId);
        b.HasOne<ShareRow>().WithMany().HasForeignKey(x => x.ShareId);
    }
}

internal sealed class DecisionRowConfiguration : IEntityTypeConfiguration<DecisionRow>
{
    public void Configure(EntityTypeBuilder<DecisionRow> b)
    {
        b.ToTable("case_decisions");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ShareId).IsUnique();
        b.HasOne<ShareRow>().WithMany().HasForeignKey(x => x.ShareId);
    }
}

internal sealed class ConfirmationRowConfiguration : IEntityTypeConfiguration<ConfirmationRow>
{
    public void Configure(EntityTypeBuilder<ConfirmationRow> b)
    {
        b.ToTable("case_confirmations");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.ShareId, x.ConditionId }).IsUnique();
        b.HasOne<ShareRow>().WithMany().HasForeignKey(x => x.ShareId);
    }
}

internal sealed class ReleaseRowConfiguration : IEntityTypeConfiguration<ReleaseRow>
{
    public void Configure(EntityTypeBuilder<ReleaseRow> b)
    {
        b.ToTable("case_releases");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.ShareId).IsUnique();
        b.HasIndex(x => x.PartyId);
        b.HasIndex(x => x.CaseId);
        b.HasOne<ShareRow>().WithMany().HasForeignKey(x => x.ShareId);
    }
}

internal sealed class HandoverRowConfiguration : IEntityTypeConfiguration<HandoverRow>
{
    public void Configure(EntityTypeBuilder<HandoverRow> b)
    {
        b.ToTable("case_handovers");
        b.HasKey(x => x.Id);
        b.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId);
    }
}

internal sealed class WhatIfRowConfiguration : IEntityTypeConfiguration<WhatIfRow>
{
    public void Configure(EntityTypeBuilder<WhatIfRow> b)
    {
        b.ToTable("case_what_ifs");
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.CaseId);
        b.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId);
    }
}
