using Grondslag.Domain.Cases;

namespace Grondslag.Application.Cases;

/// <summary>Reads who set a share up (case creator, importer of the plan's list, assessor) for the four-eyes check.</summary>
internal static class ShareOrigins
{
    /// <summary>The share's origin from the store, or a refusal when part of its record is missing (fail closed).</summary>
    public static async Task<Outcome<ShareOrigin>> OfAsync(ICaseTransaction tx, ShareFile share, CancellationToken cancellationToken)
    {
        if (await tx.FindCaseAsync(share.CaseId, cancellationToken).ConfigureAwait(false) is not { } file
            || await tx.FindPlanAsync(share.PlanId, cancellationToken).ConfigureAwait(false) is not { } plan
            || await tx.ImportAsync(plan.ImportId, cancellationToken).ConfigureAwait(false) is not { } import)
        {
            return Outcome<ShareOrigin>.Refused(RefusalKind.Conflict,
                $"The record of share {share.Id} is incomplete (case, plan or import missing), so who prepared it cannot be established; it cannot be decided or released.");
        }

        return Outcome<ShareOrigin>.Ok(new ShareOrigin(file.CreatedBy, import.ImportedBy, plan.CreatedBy));
    }
}
