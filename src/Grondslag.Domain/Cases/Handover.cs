using System.Collections.Immutable;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Cases;

/// <summary>
/// Handing a case to another official: an offer with a note, then the new owner's acceptance. Until acceptance the
/// old owner stays accountable, so a case always has exactly one owner.
/// </summary>
public static class Handover
{
    /// <summary>The note the new owner receives: the offerer's summary plus everything still open, derived from the shares.</summary>
    public static HandoverNote NoteFor(CaseFile file, IEnumerable<ShareFile> shares, string summary)
    {
        ArgumentNullException.ThrowIfNull(file);
        var list = shares.ToList();
        var open = list
            .Select(s => (s, waiting: ShareWorkflow.WaitingFor(s)))
            .Where(x => x.waiting.Length > 0)
            .Select(x => $"{x.s.PartyId} ({x.s.Assessment.Verdict.ToWire()}, {x.s.State.ToWire()}): {x.waiting}");
        var advice = list.SelectMany(s => s.Advice.Where(a => a.Pending).Select(a => $"{s.PartyId}: {a.Adviser.ToWire()} advice {a.Id} requested by {a.RequestedBy}"));
        return new HandoverNote(summary.Trim(), file.State.ToWire(), [.. open], [.. advice], file.Deadline);
    }

    public static Outcome<PendingHandover> Offer(CaseFile file, Actor actor, string handoverId, string to, HandoverNote note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(note);
        if (!string.Equals(file.Owner, actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<PendingHandover>.Refused(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText($"Only the owner ({file.Owner}) can hand case {file.Id} over.", $"Alleen de eigenaar ({file.Owner}) kan zaak {file.Id} overdragen."));
        }

        if (string.IsNullOrWhiteSpace(to))
        {
            return Outcome<PendingHandover>.Refused(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("to: name the official who takes the case over.", "aan: noem de medewerker die de zaak overneemt."));
        }

        if (string.Equals(to.Trim(), file.Owner, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<PendingHandover>.Refused(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"to: {to} already owns case {file.Id}.", $"aan: {to} is al eigenaar van zaak {file.Id}."));
        }

        if (string.IsNullOrWhiteSpace(note.Summary))
        {
            return Outcome<PendingHandover>.Refused(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("note: a handover needs a note on the state of the case.", "notitie: een overdracht heeft een notitie over de stand van de zaak nodig."));
        }

        return Outcome<PendingHandover>.Ok(new PendingHandover(handoverId, file.Owner, to.Trim(), note, now));
    }

    /// <summary>The named official accepts: ownership moves; nothing else about the case changes.</summary>
    public static Outcome<CaseFile> Accept(CaseFile file, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actor);
        if (file.Handover is not { } pending)
        {
            return Outcome<CaseFile>.Refused(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Case {file.Id} has no handover to accept.", $"Zaak {file.Id} heeft geen overdracht om te aanvaarden."));
        }

        if (!string.Equals(pending.To, actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<CaseFile>.Refused(RefusalKind.NotAllowed, new Grondslag.Domain.Text.LocalText($"The handover of case {file.Id} is offered to {pending.To}, not to {actor.Name}.", $"De overdracht van zaak {file.Id} is aangeboden aan {pending.To}, niet aan {actor.Name}."));
        }

        return Outcome<CaseFile>.Ok(file with { Owner = pending.To, Handover = null });
    }

    /// <summary>Whom the case waits for: the handover recipient, the deadline, then the shares.</summary>
    public static ImmutableArray<string> WaitingFor(CaseFile file, IEnumerable<ShareFile> shares)
    {
        ArgumentNullException.ThrowIfNull(file);
        var items = ImmutableArray.CreateBuilder<string>();
        if (file.Handover is { } h)
        {
            items.Add($"{h.To}: accept the handover from {h.From}");
        }

        foreach (var s in shares)
        {
            var w = ShareWorkflow.WaitingFor(s);
            if (w.Length > 0)
            {
                items.Add($"{s.PartyId}: {w}");
            }
        }

        return items.ToImmutable();
    }
}
