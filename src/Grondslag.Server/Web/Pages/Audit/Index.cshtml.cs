using Grondslag.Application.Auditing;
using Grondslag.Audit;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages.Audit;

/// <summary>
/// The auditor's view: a searchable timeline (per case or overall), verification of the whole log, the inclusion proof
/// of any entry (checked here as an outsider would), and a check of a signed checkpoint someone holds against the log.
/// </summary>
[Authorize(Policy = WebComposition.Auditors)]
public sealed class AuditModel(IAuditReader audit, AuditPublicKey key) : PageModel
{
    private const int Shown = 500;

    [BindProperty(SupportsGet = true)]
    public string? CaseId { get; set; }

    [BindProperty(Name = "q", SupportsGet = true)]
    public string? Query { get; set; }

    public IReadOnlyList<AuditEntryView> Entries { get; private set; } = [];

    public bool Truncated { get; private set; }

    public AuditVerification? Verification { get; private set; }

    public long? ProofIndex { get; private set; }

    public string? Proof { get; private set; }

    public OutsideCheck? ProofCheck { get; private set; }

    public string? PastedCheckpoint { get; private set; }

    public OutsideCheck? CheckpointResult { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await audit.VerifyAsync(cancellationToken).ConfigureAwait(false);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task OnPostProveAsync(long index, CancellationToken cancellationToken)
    {
        ProofIndex = index;
        try
        {
            // Prove against a checkpoint that covers the entry: sign one of the log as it is now if the latest does not.
            var latest = await audit.LatestCheckpointSizeAsync(cancellationToken).ConfigureAwait(false);
            if (index >= latest)
            {
                await audit.SignCheckpointAsync(cancellationToken).ConfigureAwait(false);
            }

            var document = await audit.ProveInclusionAsync(index, null, cancellationToken).ConfigureAwait(false);
            Proof = document.Json;
            var held = AuditProofDocuments.OpenCheckpoint(document.SignedCheckpoint, key.Verifier, key.Origin);
            ProofCheck = held.IsSuccess
                ? AuditProofDocuments.Verify(Proof, held.Value!, key.Verifier)
                : new OutsideCheck(false, "The checkpoint of the proof does not verify: " + held.Error);
        }
        catch (AuditProofException ex)
        {
            ProofCheck = new OutsideCheck(false, ex.Message);
            Proof = "";
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task OnPostCheckpointAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        PastedCheckpoint = checkpoint;
        CheckpointResult = await CheckHeldAsync((checkpoint ?? "").Replace("\r\n", "\n", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<OutsideCheck> CheckHeldAsync(string note, CancellationToken cancellationToken)
    {
        if (!note.EndsWith('\n'))
        {
            note += "\n";
        }

        var opened = AuditProofDocuments.OpenCheckpoint(note, key.Verifier, key.Origin);
        if (!opened.IsSuccess)
        {
            return new OutsideCheck(false, "This is not a checkpoint signed by this log's key: " + opened.Error);
        }

        var held = opened.Value!;
        var now = await audit.SignCheckpointAsync(cancellationToken).ConfigureAwait(false);
        if (held.Size > now.Size)
        {
            return new OutsideCheck(false, $"The checkpoint covers {held.Size} entries but the log now has {now.Size}: entries were removed.");
        }

        if (held.Size == now.Size)
        {
            var same = held.RootHash.SequenceEqual(now.RootHash);
            return new OutsideCheck(same, same
                ? $"Signed by this log's key, and the log at size {held.Size} has exactly this root: nothing was changed."
                : $"Signed by this log's key, but the log at size {held.Size} now has another root: it was changed.");
        }

        try
        {
            var proof = await audit.ProveConsistencyAsync((long)held.Size, (long)now.Size, cancellationToken).ConfigureAwait(false);
            var check = AuditProofDocuments.Verify(proof.Json, held, key.Verifier);
            return new OutsideCheck(check.Holds, $"Signed by this log's key (size {held.Size}). Consistency with the log now (size {now.Size}): {check.Explanation}");
        }
        catch (AuditProofException ex)
        {
            return new OutsideCheck(false, ex.Message);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var filter = new AuditEntryFilter(
            CaseId: string.IsNullOrWhiteSpace(CaseId) ? null : CaseId.Trim(),
            Text: string.IsNullOrWhiteSpace(Query) ? null : Query.Trim());
        var page = await audit.EntriesAsync(filter, Shown, newestFirst: true, cancellationToken).ConfigureAwait(false);
        Truncated = page.More;
        Entries = page.Entries;
    }
}
