using System.Collections.Immutable;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Cases;

/// <summary>What a re-assessment does with the earlier share of one recipient.</summary>
public enum CarryOverKind
{
    /// <summary>No earlier share for this recipient: the new share starts at assessed.</summary>
    New,

    /// <summary>Recipient, addresses, verdict and basis unchanged: decision, confirmations and advice carry over.</summary>
    Carried,

    /// <summary>Something changed (or four eyes forbids keeping the approval): the decision must be taken again.</summary>
    Void,

    /// <summary>The earlier share was released and nothing changed: it stays released and is not released again.</summary>
    StaysReleased,
}

/// <summary>
/// The carry-over verdict for one recipient, with the reason the audit record and the case page give.
/// <see cref="SameFacts"/>: recipient, addresses, verdict and basis are unchanged (a void approval can still have them,
/// when only four eyes voids it; then confirmations and advice stay valid).
/// </summary>
public sealed record CarryOver(CarryOverKind Kind, string Reason, bool SameFacts = false);

/// <summary>
/// A share with what identifies its content: the recipient's registry entry and its addresses, each as a SHA-256
/// (an empty fingerprint is unknown, i.e. from before fingerprints were kept, and never equals another).
/// </summary>
public sealed record ShareFingerprint(string PartyId, string PartySha256, string AddressesSha256, ShareVerdict Verdict);

/// <summary>
/// The rule of plan versions: when a case is assessed again, a recipient's earlier decision carries over only
/// when the recipient (party id and registry entry), its share (the same addresses), the verdict and the basis
/// (the cited articles) are all unchanged; otherwise it is void and must be taken again. A released share stays
/// released. Pure functions; the use case stores and audits what they return.
/// </summary>
public static class PlanVersions
{
    /// <summary>Compares the earlier share (null when there was none) with the new plan's share of the same recipient.</summary>
    public static CarryOver Compare(ShareFile? before, ShareFingerprint beforeFingerprint, ShareFingerprint after, string reassessedBy)
    {
        ArgumentNullException.ThrowIfNull(beforeFingerprint);
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            return new CarryOver(CarryOverKind.New, "no earlier share for this recipient");
        }

        var changes = Changes(beforeFingerprint, after);
        if (before.State == ShareState.Released)
        {
            return changes.IsEmpty
                ? new CarryOver(CarryOverKind.StaysReleased, "released earlier and unchanged: it stays released and is not released again", SameFacts: true)
                : new CarryOver(CarryOverKind.Void, $"released earlier, but {string.Join("; ", changes)}: the released share stays released, this new share must be decided");
        }

        if (!changes.IsEmpty)
        {
            return new CarryOver(CarryOverKind.Void, before.Decision is { } d
                ? $"{d.Outcome.ToWire()} by {d.DecidedBy} is void: {string.Join("; ", changes)}"
                : $"void: {string.Join("; ", changes)}");
        }

        if (before.Decision is { Outcome: DecisionOutcome.Approved } approval
            && string.Equals(approval.DecidedBy, reassessedBy, StringComparison.OrdinalIgnoreCase))
        {
            return new CarryOver(CarryOverKind.Void,
                $"approved by {approval.DecidedBy} is void: four eyes, the approver re-assessed the case and so prepared this version; another person must approve",
                SameFacts: true);
        }

        return new CarryOver(CarryOverKind.Carried, before.Decision is { } kept
            ? $"{kept.Outcome.ToWire()} by {kept.DecidedBy} carried over: recipient, addresses, verdict and basis unchanged"
            : "carried over: recipient, addresses, verdict and basis unchanged", SameFacts: true);
    }

    /// <summary>What differs between the two shares, in words (empty when nothing does).</summary>
    public static ImmutableArray<string> Changes(ShareFingerprint before, ShareFingerprint after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = ImmutableArray.CreateBuilder<string>();
        if (!string.Equals(before.PartyId, after.PartyId, StringComparison.Ordinal))
        {
            changes.Add($"another recipient ({before.PartyId} → {after.PartyId})");
        }
        else if (before.PartySha256.Length == 0 || !string.Equals(before.PartySha256, after.PartySha256, StringComparison.Ordinal))
        {
            changes.Add("the recipient's registry entry changed (contacts, keys or constituency)");
        }

        if (before.AddressesSha256.Length == 0 || !string.Equals(before.AddressesSha256, after.AddressesSha256, StringComparison.Ordinal))
        {
            changes.Add("the share holds other addresses");
        }

        if (before.Verdict.Verdict != after.Verdict.Verdict)
        {
            changes.Add($"verdict {before.Verdict.Verdict.ToWire()} → {after.Verdict.Verdict.ToWire()}");
        }

        if (!before.Verdict.Basis.SequenceEqual(after.Verdict.Basis, StringComparer.Ordinal))
        {
            changes.Add($"basis {Basis(before.Verdict)} → {Basis(after.Verdict)}");
        }

        return changes.ToImmutable();
    }

    /// <summary>
    /// The new plan's share for a recipient, given what <see cref="Compare"/> decided. <paramref name="fresh"/> is the
    /// share as newly assessed (prepared by the re-assessor, at assessed); <paramref name="newId"/> makes ids for the
    /// copied decision and advice requests (they are rows of the new share; the earlier rows stay as the record).
    /// Carried: state, preparer, exceptional risk, confirmations, advice and decision carry over (the approver is
    /// kept: four eyes unchanged). Void with the same facts (four eyes voided the approval): all but the decision
    /// carries over. Void otherwise: only pending advice requests carry over (still pending); answered advice and
    /// confirmations stay with the earlier share as history. Returns null for <see cref="CarryOverKind.StaysReleased"/> (no new share).
    /// </summary>
    public static ShareFile? Successor(ShareFile? before, ShareFile fresh, CarryOver carry, Func<string, string> newId)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        ArgumentNullException.ThrowIfNull(carry);
        ArgumentNullException.ThrowIfNull(newId);
        if (before is null || carry.Kind == CarryOverKind.New)
        {
            return fresh;
        }

        AdviceItem Copy(AdviceItem a) => a with { Id = newId("advice") };
        switch (carry.Kind)
        {
            case CarryOverKind.StaysReleased:
                return null;
            case CarryOverKind.Carried:
                return fresh with
                {
                    State = before.State,
                    PreparedBy = before.PreparedBy,
                    ExceptionalRisk = before.ExceptionalRisk,
                    Confirmations = before.Confirmations,
                    Advice = [.. before.Advice.Select(Copy)],
                    Decision = before.Decision is { } d ? d with { Id = newId("decision") } : null,
                };
            case CarryOverKind.Void when carry.SameFacts:
                var advice = before.Advice.Select(Copy).ToImmutableArray();
                // The re-assessor (the approver whose approval four eyes voided) is the preparer of this version.
                return fresh with
                {
                    ExceptionalRisk = before.ExceptionalRisk,
                    Confirmations = before.Confirmations,
                    Advice = advice,
                    State = advice.Any(a => a.Pending) ? ShareState.AdviceRequested : advice.IsEmpty ? ShareState.Assessed : ShareState.AdviceGiven,
                };
            case CarryOverKind.Void:
                var pending = before.Advice.Where(a => a.Pending).Select(Copy).ToImmutableArray();
                return fresh with
                {
                    ExceptionalRisk = before.ExceptionalRisk,
                    Advice = pending,
                    State = pending.IsEmpty ? ShareState.Assessed : ShareState.AdviceRequested,
                };
            case CarryOverKind.New:
            default:
                return fresh;
        }
    }

    private static string Basis(ShareVerdict v) => v.Basis.IsEmpty ? "(none)" : string.Join("; ", v.Basis);
}
