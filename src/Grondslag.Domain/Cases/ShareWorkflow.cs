using System.Collections.Immutable;
using System.Globalization;
using Grondslag.Domain.Law;
using Grondslag.Domain.Text;

namespace Grondslag.Domain.Cases;

/// <summary>
/// The rules of one share's workflow, as pure functions: assessed → (advice requested → advice given) → decided
/// (approved or refused, with motivation) → released. Each step returns the changed share or a refusal that says why.
/// The release itself is checked once more by the disclosure gate.
/// </summary>
public static class ShareWorkflow
{
    /// <summary>The advisers whose advice is required before a decision: both for an unsettled verdict or an exceptional risk.</summary>
    public static ImmutableArray<AdviserKind> RequiredAdvisers(ShareFile share)
    {
        ArgumentNullException.ThrowIfNull(share);
        return share.Assessment.Verdict == Verdict.AdviceRequired || share.ExceptionalRisk
            ? [AdviserKind.Legal, AdviserKind.Nctv]
            : [];
    }

    /// <summary>Ask an adviser. Allowed until the share is released — also for a prohibited share (advice on alternatives).</summary>
    public static Outcome<ShareFile> RequestAdvice(ShareFile share, Actor actor, string adviceId, AdviserKind adviser, string question, bool exceptionalRisk, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(actor);
        if (WhatIfBlocker(share, "sent for advice") is { } whatIf)
        {
            return whatIf;
        }

        if (string.IsNullOrWhiteSpace(question))
        {
            return Outcome<ShareFile>.Refused(RefusalKind.Invalid, new LocalText("question: say what the adviser should advise on.", "question: geef aan waarover de adviseur moet adviseren."));
        }

        if (Superseded(share) is { } old)
        {
            return old;
        }

        if (share.State is ShareState.Released or ShareState.Approved)
        {
            return Outcome<ShareFile>.Refused(RefusalKind.Conflict, new LocalText($"Share {share.Id} is {share.State.ToWire()}: advice can no longer change it.", $"Deling {share.Id} is {Text.Labels.Of(share.State).Nl.ToLowerInvariant()}: advies kan haar niet meer veranderen."));
        }

        var item = new AdviceItem(adviceId, adviser, question.Trim(), actor.Name, now, null, null, null);
        return Outcome<ShareFile>.Ok(share with
        {
            State = share.State == ShareState.Refused ? ShareState.Refused : ShareState.AdviceRequested,
            ExceptionalRisk = share.ExceptionalRisk || exceptionalRisk,
            Advice = share.Advice.Add(item),
        });
    }

    /// <summary>Record an adviser's answer; only an adviser of the requested kind can give it.</summary>
    public static Outcome<ShareFile> GiveAdvice(ShareFile share, Actor actor, string adviceId, string advice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(actor);
        if (WhatIfBlocker(share, "advised on") is { } whatIf)
        {
            return whatIf;
        }

        var index = share.Advice.IndexOf(share.Advice.FirstOrDefault(a => a.Id == adviceId)!);
        if (index < 0)
        {
            return Outcome<ShareFile>.Refused(RefusalKind.NotFound, new LocalText($"Share {share.Id} has no advice request {adviceId}.", $"Deling {share.Id} heeft geen adviesvraag {adviceId}."));
        }

        if (Superseded(share) is { } old)
        {
            return old;
        }

        var request = share.Advice[index];
        if (actor.Role != request.Adviser.AdviserRole())
        {
            return Outcome<ShareFile>.Refused(RefusalKind.NotAllowed, new LocalText($"Advice request {adviceId} asks the {request.Adviser.ToWire()} adviser; {actor} cannot answer it.",
                $"Adviesvraag {adviceId} is voor de rol {Text.Labels.Of(request.Adviser).Nl}; {actor} kan haar niet beantwoorden."));
        }

        if (!request.Pending)
        {
            return Outcome<ShareFile>.Refused(RefusalKind.Conflict, new LocalText($"Advice request {adviceId} was already answered by {request.AnsweredBy}.", $"Adviesvraag {adviceId} is al beantwoord door {request.AnsweredBy}."));
        }

        if (string.IsNullOrWhiteSpace(advice))
        {
            return Outcome<ShareFile>.Refused(RefusalKind.Invalid, new LocalText("advice: the answer is empty.", "advice: het antwoord is leeg."));
        }

        var items = share.Advice.SetItem(index, request with { Answer = advice.Trim(), AnsweredBy = actor.Name, AnsweredAt = now });
        var stillPending = items.Any(a => a.Pending);
        return Outcome<ShareFile>.Ok(share with
        {
            Advice = items,
            State = share.State == ShareState.AdviceRequested && !stillPending ? ShareState.AdviceGiven : share.State,
        });
    }

    /// <summary>Confirm a condition of a conditional verdict with a reference; the share must then be assessed again.</summary>
    public static Outcome<Confirmation> ConfirmCondition(ShareFile share, Actor actor, string conditionId, string reference, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(actor);
        if (WhatIfBlocker(share, "confirmed") is { } whatIf)
        {
            return whatIf;
        }

        if (Superseded(share) is { } old)
        {
            return old;
        }

        if (share.State is ShareState.Approved or ShareState.Released or ShareState.Refused)
        {
            return Outcome<Confirmation>.Refused(RefusalKind.Conflict, new LocalText($"Share {share.Id} is already {share.State.ToWire()}.", $"Deling {share.Id} is al {Text.Labels.Of(share.State).Nl.ToLowerInvariant()}."));
        }

        if (share.Assessment.Verdict != Verdict.Conditional)
        {
            return Outcome<Confirmation>.Refused(RefusalKind.Conflict, new LocalText($"Share {share.Id} is {share.Assessment.Verdict.ToWire()}, not conditional: there is no condition to confirm.",
                $"Deling {share.Id} is {Text.Labels.Of(share.Assessment.Verdict).Nl.ToLowerInvariant()}, niet voorwaardelijk: er is geen voorwaarde te bevestigen."));
        }

        if (!share.Assessment.Conditions.Any(c => c.Id == conditionId))
        {
            return Outcome<Confirmation>.Refused(RefusalKind.Invalid,
                new LocalText($"condition: '{conditionId}' is not a condition of this share; its conditions are {string.Join(", ", share.Assessment.Conditions.Select(c => c.Id))}.",
                    $"condition: '{conditionId}' is geen voorwaarde van deze deling; haar voorwaarden zijn {string.Join(", ", share.Assessment.Conditions.Select(c => c.Id))}."));
        }

        // Some conditions are a lawyer's judgement (e.g. the GDPR chapter V transfer ground): not any official's tick box.
        if (share.Assessment.Conditions.First(c => c.Id == conditionId).ConfirmableBy == ConditionConfirmer.LegalAdviser && actor.Role != Role.LegalAdviser)
        {
            return Outcome<Confirmation>.Refused(RefusalKind.NotAllowed,
                new LocalText($"Condition {conditionId} can only be confirmed by a legal adviser, with a reference; {actor} cannot confirm it. Ask the legal adviser (request advice).",
                    $"Voorwaarde {conditionId} kan alleen een juridisch adviseur bevestigen, met een referentie; {actor} kan haar niet bevestigen. Vraag de juridisch adviseur (vraag advies)."));
        }

        if (share.Confirmations.Any(c => c.ConditionId == conditionId))
        {
            return Outcome<Confirmation>.Refused(RefusalKind.Conflict, new LocalText($"Condition {conditionId} is already confirmed.", $"Voorwaarde {conditionId} is al bevestigd."));
        }

        if (string.IsNullOrWhiteSpace(reference))
        {
            return Outcome<Confirmation>.Refused(RefusalKind.Invalid, new LocalText("reference: a confirmation needs the reference that proves it (e.g. the art. 46 instrument).", "reference: een bevestiging heeft de referentie nodig die haar bewijst (bijv. het instrument van art. 46)."));
        }

        return Outcome<Confirmation>.Ok(new Confirmation(conditionId, reference.Trim(), actor.Name, now));
    }

    /// <summary>
    /// Everyone who took part in preparing the share, case-insensitively distinct and sorted: the case's creator, the
    /// importer of its list, the assessor, whoever confirmed one of its conditions, and whoever asked for or gave advice
    /// on it. None of them may approve it (four eyes).
    /// </summary>
    public static ImmutableArray<string> Preparers(ShareFile share, ShareOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(origin);
        IEnumerable<string?> names =
        [
            origin.CaseCreatedBy,
            origin.ImportedBy,
            origin.AssessedBy,
            share.PreparedBy,
            .. share.Confirmations.Select(c => c.ConfirmedBy),
            .. share.Advice.Select(a => a.RequestedBy),
            .. share.Advice.Select(a => a.AnsweredBy),
        ];
        return [.. names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// Approve or refuse. An approval needs a permitting assessment (conditions confirmed), all required advice,
    /// no pending advice, and four eyes: the approver took no part in preparing the share (<see cref="Preparers"/>).
    /// A prohibited share can never be approved, by anyone; a what-if can never be decided at all.
    /// </summary>
    public static Outcome<ShareFile> Decide(ShareFile share, ShareOrigin origin, Actor actor, string decisionId, DecisionOutcome outcome, string motivation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(actor);
        if (WhatIfBlocker(share, "decided") is { } whatIf)
        {
            return whatIf;
        }

        if (Superseded(share) is { } old)
        {
            return old;
        }

        if (share.State is ShareState.Approved or ShareState.Refused or ShareState.Released)
        {
            return Outcome<ShareFile>.Refused(RefusalKind.Conflict, new LocalText($"Share {share.Id} is already {share.State.ToWire()} ({share.Decision?.DecidedBy}).", $"Deling {share.Id} is al {Text.Labels.Of(share.State).Nl.ToLowerInvariant()} ({share.Decision?.DecidedBy})."));
        }

        if (string.IsNullOrWhiteSpace(motivation))
        {
            return Outcome<ShareFile>.Refused(RefusalKind.Invalid, new LocalText("motivation: a decision needs a motivation.", "motivation: een besluit heeft een motivering nodig."));
        }

        if (outcome == DecisionOutcome.Approved)
        {
            if (ApprovalBlocker(share, origin, actor) is { } blocker)
            {
                return blocker;
            }
        }

        var decision = new ShareDecision(decisionId, outcome, motivation.Trim(), share.PreparedBy, actor.Name, actor.Role, now);
        return Outcome<ShareFile>.Ok(share with
        {
            Decision = decision,
            State = outcome switch
            {
                DecisionOutcome.Approved => ShareState.Approved,
                DecisionOutcome.Refused => ShareState.Refused,
            },
        });
    }

    /// <summary>
    /// Whether the approved share may go to the disclosure gate; the gate decides the rest. The approver is checked
    /// once more against the preparers as they are now.
    /// </summary>
    public static Outcome<ShareDecision> ReadyForRelease(ShareFile share, ShareOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(origin);
        if (WhatIfBlocker(share, "released") is { } whatIf)
        {
            return whatIf;
        }

        if (share.Assessment.Verdict == Verdict.Prohibited)
        {
            return Outcome<ShareDecision>.Refused(RefusalKind.Prohibited, ProhibitedReason(share, "released"));
        }

        if (share.State != ShareState.Released && Superseded(share) is { } old)
        {
            return old;
        }

        return share.State switch
        {
            ShareState.Approved when share.Decision is { Outcome: DecisionOutcome.Approved } d
                && Preparers(share, origin).Contains(d.DecidedBy.Trim(), StringComparer.OrdinalIgnoreCase) =>
                Outcome<ShareDecision>.Refused(RefusalKind.NotAllowed, new LocalText($"Four eyes: {d.DecidedBy} approved share {share.Id} but took part in preparing it; the approval does not count. A colleague who did not prepare it must decide.", $"Vier ogen: {d.DecidedBy} keurde deling {share.Id} goed maar heeft haar mede voorbereid; de goedkeuring telt niet. Een collega die haar niet voorbereidde moet besluiten.")),
            ShareState.Approved when share.Decision is { Outcome: DecisionOutcome.Approved } d => Outcome<ShareDecision>.Ok(d),
            ShareState.Released => Outcome<ShareDecision>.Refused(RefusalKind.Conflict, new LocalText($"Share {share.Id} is already released.", $"Deling {share.Id} is al verstrekt.")),
            ShareState.Refused => Outcome<ShareDecision>.Refused(RefusalKind.Conflict, new LocalText($"Share {share.Id} was refused: it cannot be released.", $"Deling {share.Id} is geweigerd: zij kan niet worden verstrekt.")),
            ShareState.Assessed or ShareState.AdviceRequested or ShareState.AdviceGiven or ShareState.Approved =>
                Outcome<ShareDecision>.Refused(RefusalKind.Conflict, new LocalText($"Share {share.Id} is {share.State.ToWire()}: it needs an approval first.", $"Deling {share.Id} is {Text.Labels.Of(share.State).Nl.ToLowerInvariant()}: zij heeft eerst een goedkeuring nodig.")),
        };
    }

    /// <summary>Whom the share waits for, derived from its state (empty when nothing more is needed).</summary>
    public static string WaitingFor(ShareFile share)
    {
        ArgumentNullException.ThrowIfNull(share);
        var pending = share.Advice.Where(a => a.Pending).Select(a => a.Adviser.AdviserRole().ToWire()).Distinct().ToList();
        var missing = MissingAdvice(share);
        if (share.Assessment.WhatIf)
        {
            return "";
        }

        return share.State switch
        {
            _ when share.SupersededBy is not null => "",
            ShareState.Released or ShareState.Refused => "",
            ShareState.Approved => "analyst: release",
            ShareState.AdviceRequested when pending.Count > 0 => $"{string.Join(" and ", pending)}: advice",
            _ when share.Assessment.Verdict == Verdict.Prohibited => "duty-officer: refuse (prohibited), or ask advice on the alternatives",
            _ when missing.Length > 0 => $"analyst: request advice from {string.Join(" and ", missing.Select(m => m.AdviserRole().ToWire()))}",
            _ when share.Assessment.Verdict == Verdict.Conditional => $"analyst: confirm {string.Join(", ", share.Assessment.OpenConditions)}",
            _ => "duty-officer: decide",
        };
    }

    /// <summary>A share of a superseded plan is the record of what was decided then; nothing more can be done on it.</summary>
    private static Refusal? Superseded(ShareFile share) => share.SupersededBy is { } plan
        ? new Refusal(RefusalKind.Conflict, new LocalText($"Share {share.Id} belongs to a superseded plan (replaced by {plan}): act on the current plan's share of {share.PartyName}.", $"Deling {share.Id} hoort bij een vervangen plan (vervangen door {plan}): werk met de deling aan {share.PartyName} in het huidige plan."))
        : null;

    private static ImmutableArray<AdviserKind> MissingAdvice(ShareFile share) =>
        [.. RequiredAdvisers(share).Where(k => !share.Advice.Any(a => a.Adviser == k && !a.Pending))];

    /// <summary>A what-if share is a comparison only: no step of the decision workflow applies to it.</summary>
    private static Refusal? WhatIfBlocker(ShareFile share, string verb) =>
        share.Assessment.WhatIf
            ? new Refusal(RefusalKind.Conflict, new LocalText(
                string.Create(CultureInfo.InvariantCulture, $"Share {share.Id} for {share.PartyName} was assessed as a what-if (a regime not in force on {share.Assessment.Date:yyyy-MM-dd}): it is a comparison only and cannot be {verb}. Assess the case under the law in force to decide on a share."),
                string.Create(CultureInfo.InvariantCulture, $"Deling {share.Id} aan {share.PartyName} is beoordeeld als wat-als (onder een regime dat op {share.Assessment.Date:yyyy-MM-dd} niet geldt): zij dient alleen ter vergelijking en kan niet worden {VerbNl(verb)}. Beoordeel de zaak onder het geldende recht om over een deling te besluiten.")))
            : null;

    private static string VerbNl(string verb) => verb switch
    {
        "sent for advice" => "voorgelegd voor advies",
        "advised on" => "van advies voorzien",
        "confirmed" => "bevestigd",
        "decided" => "besloten",
        "released" => "verstrekt",
        _ => verb,
    };

    private static Refusal? ApprovalBlocker(ShareFile share, ShareOrigin origin, Actor actor)
    {
        var verdict = share.Assessment.Verdict;
        if (verdict == Verdict.Prohibited)
        {
            return new Refusal(RefusalKind.Prohibited, ProhibitedReason(share, "approved"));
        }

        if (actor.Role is not (Role.DutyOfficer or Role.DecisionMaker))
        {
            return new Refusal(RefusalKind.NotAllowed, new LocalText($"{actor} cannot approve shares; a duty officer or decision maker can.", $"{actor} kan geen delingen goedkeuren; een dienstdoende of een besluitvormer kan dat."));
        }

        if (Preparers(share, origin).Contains(actor.Name.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return new Refusal(RefusalKind.NotAllowed,
                new LocalText($"Four eyes: {actor.Name} took part in preparing share {share.Id} for {share.PartyName} (created the case, imported its list, assessed it, confirmed a condition or asked or gave advice on it) and cannot also approve it; a colleague who did not prepare it must decide.", $"Vier ogen: {actor.Name} heeft deling {share.Id} aan {share.PartyName} mede voorbereid (de zaak aangemaakt, de lijst geïmporteerd, beoordeeld, een voorwaarde bevestigd of advies gevraagd of gegeven) en kan haar niet ook goedkeuren; een collega die haar niet voorbereidde moet besluiten."));
        }

        if (share.Advice.Any(a => a.Pending))
        {
            return new Refusal(RefusalKind.Conflict, new LocalText($"Share {share.Id} waits for advice ({string.Join(", ", share.Advice.Where(a => a.Pending).Select(a => a.Adviser.ToWire()))}); decide after it is given.", $"Deling {share.Id} wacht op advies ({string.Join(", ", share.Advice.Where(a => a.Pending).Select(a => Text.Labels.Of(a.Adviser.AdviserRole()).Nl))}); besluit nadat het gegeven is."));
        }

        if (MissingAdvice(share) is { Length: > 0 } missing)
        {
            return new Refusal(RefusalKind.Conflict, new LocalText($"Share {share.Id} needs advice from {string.Join(" and ", missing.Select(m => m.AdviserRole().ToWire()))} before it can be approved.", $"Deling {share.Id} heeft advies nodig van {string.Join(" en ", missing.Select(m => Text.Labels.Of(m.AdviserRole()).Nl))} voordat zij kan worden goedgekeurd."));
        }

        return verdict switch
        {
            Verdict.Permitted => null,
            Verdict.Conditional => new Refusal(RefusalKind.Conflict,
                new LocalText($"Share {share.Id} is conditional: confirm {string.Join(", ", share.Assessment.OpenConditions)} with a reference first.", $"Deling {share.Id} is voorwaardelijk: bevestig eerst {string.Join(", ", share.Assessment.OpenConditions)} met een referentie.")),
            Verdict.AdviceRequired => new Refusal(RefusalKind.Prohibited,
                new LocalText($"The rules do not settle share {share.Id} (advice-required): it can be refused, or assessed again with the facts the advice establishes; it cannot be approved as is.", $"De regels beslissen niet over deling {share.Id} (advies vereist): zij kan worden geweigerd, of opnieuw beoordeeld met de feiten die het advies vaststelt; zij kan niet zo worden goedgekeurd.")),
            Verdict.Prohibited => new Refusal(RefusalKind.Prohibited, ProhibitedReason(share, "approved")),
        };
    }

    private static LocalText ProhibitedReason(ShareFile share, string verb) => new(
        $"Prohibited for {share.PartyName} ({string.Join("; ", share.Assessment.Basis)}): nobody can have it {verb}. Advice on the alternatives can still be requested.",
        $"Verboden voor {share.PartyName} ({string.Join("; ", share.Assessment.Basis)}): niemand kan haar laten {(verb == "released" ? "verstrekken" : "goedkeuren")}. Advies over de alternatieven kan nog worden gevraagd.");
}
