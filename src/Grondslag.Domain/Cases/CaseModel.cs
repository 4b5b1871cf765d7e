using System.Collections.Immutable;
using Grondslag.Domain.Law;

namespace Grondslag.Domain.Cases;

/// <summary>How fast a case must move. An urgent case has a deadline.</summary>
public enum Urgency
{
    Routine,
    Urgent,
}

/// <summary>Where a case is as a whole.</summary>
public enum CaseState
{
    /// <summary>Created, no indicator list assessed yet.</summary>
    Intake,

    /// <summary>Assessed: shares are in the workflow.</summary>
    InProgress,

    /// <summary>Every share is released or refused.</summary>
    Settled,

    /// <summary>Closed by its owner with a reason: no more imports, decisions or releases; readable, and withdrawal stays possible.</summary>
    Closed,
}

/// <summary>Where one recipient's share is in the workflow: assessed → (advice) → decided → released.</summary>
public enum ShareState
{
    Assessed,
    AdviceRequested,
    AdviceGiven,
    Approved,
    Refused,
    Released,
}

/// <summary>Which adviser is asked: NCSC's legal adviser, or the NCTV's administrative adviser.</summary>
public enum AdviserKind
{
    Legal,
    Nctv,
}

/// <summary>What a decision decided.</summary>
public enum DecisionOutcome
{
    Approved,
    Refused,
}

/// <summary>The closed set of roles people (and recipient machines) act in.</summary>
public enum Role
{
    Analyst,
    DutyOfficer,
    LegalAdviser,
    NctvAdviser,
    DecisionMaker,
    Auditor,
    Administrator,
    Recipient,
}

/// <summary>Wire names of the case enums.</summary>
public static class CaseWire
{
    public static string ToWire(this ShareState s) => s switch
    {
        ShareState.Assessed => "assessed",
        ShareState.AdviceRequested => "advice-requested",
        ShareState.AdviceGiven => "advice-given",
        ShareState.Approved => "approved",
        ShareState.Refused => "refused",
        ShareState.Released => "released",
    };

    public static string ToWire(this CaseState s) => s switch
    {
        CaseState.Intake => "intake",
        CaseState.InProgress => "in-progress",
        CaseState.Settled => "settled",
        CaseState.Closed => "closed",
    };

    public static string ToWire(this Urgency u) => u switch
    {
        Urgency.Routine => "routine",
        Urgency.Urgent => "urgent",
    };

    public static string ToWire(this AdviserKind k) => k switch
    {
        AdviserKind.Legal => "legal",
        AdviserKind.Nctv => "nctv",
    };

    public static string ToWire(this DecisionOutcome o) => o switch
    {
        DecisionOutcome.Approved => "approved",
        DecisionOutcome.Refused => "refused",
    };

    public static string ToWire(this Role r) => r switch
    {
        Role.Analyst => "analyst",
        Role.DutyOfficer => "duty-officer",
        Role.LegalAdviser => "legal-adviser",
        Role.NctvAdviser => "nctv-adviser",
        Role.DecisionMaker => "decision-maker",
        Role.Auditor => "auditor",
        Role.Administrator => "administrator",
        Role.Recipient => "recipient",
    };

    /// <summary>The role an adviser of this kind acts in.</summary>
    public static Role AdviserRole(this AdviserKind k) => k switch
    {
        AdviserKind.Legal => Role.LegalAdviser,
        AdviserKind.Nctv => Role.NctvAdviser,
    };

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Wire(candidate), text?.Trim(), StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Wire<T>(T value)
        where T : struct, Enum => value switch
        {
            ShareState s => s.ToWire(),
            CaseState s => s.ToWire(),
            Urgency u => u.ToWire(),
            AdviserKind k => k.ToWire(),
            DecisionOutcome o => o.ToWire(),
            Role r => r.ToWire(),
            _ => throw new ArgumentException($"{typeof(T).Name} has no wire names.", nameof(value)),
        };

    /// <summary>Parses a verdict's wire name; used when reading stored shares.</summary>
    public static Verdict ParseVerdict(string text) =>
        Verdicts.TryParse(text, out var v) ? v : throw new FormatException($"'{text}' is not a verdict.");
}

/// <summary>Who acts: a user name and the role acted in.</summary>
public sealed record Actor(string Name, Role Role)
{
    public override string ToString() => $"{Name} ({Role.ToWire()})";
}

/// <summary>A handover that was offered and not yet accepted: until it is, the old owner stays accountable.</summary>
public sealed record PendingHandover(string HandoverId, string From, string To, HandoverNote Note, DateTimeOffset OfferedAt);

/// <summary>
/// What a new owner must know. <see cref="OpenActions"/>, <see cref="PendingAdvice"/> and <see cref="Deadline"/> are
/// derived from the case when the offer is made, so nothing pending can be left out; <see cref="Summary"/> is the
/// offerer's own words.
/// </summary>
public sealed record HandoverNote(string Summary, string State, ImmutableArray<string> OpenActions, ImmutableArray<string> PendingAdvice, DateTimeOffset? Deadline);

/// <summary>A case: one indicator list from a source, its originator conditions, and its accountable owner.</summary>
public sealed record CaseFile(
    string Id,
    string Title,
    string Source,
    OriginatorConditions Originator,
    string Owner,
    Urgency Urgency,
    DateTimeOffset? Deadline,
    CaseState State,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    PendingHandover? Handover,
    int Version)
{
    /// <summary>Why, by whom and when the case was closed; null while it is open.</summary>
    public CaseClosure? Closure { get; init; }
}

/// <summary>A case's closure: the owner's reason, and the undecided shares it voided.</summary>
public sealed record CaseClosure(string Reason, string ClosedBy, DateTimeOffset ClosedAt);

/// <summary>A request for advice on a share, and its answer once given.</summary>
public sealed record AdviceItem(
    string Id,
    AdviserKind Adviser,
    string Question,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    string? Answer,
    string? AnsweredBy,
    DateTimeOffset? AnsweredAt)
{
    public bool Pending => Answer is null;
}

/// <summary>A recorded decision on a share (four eyes: <see cref="PreparedBy"/> is not <see cref="DecidedBy"/> for an approval).</summary>
public sealed record ShareDecision(string Id, DecisionOutcome Outcome, string Motivation, string PreparedBy, string DecidedBy, Role DecidedAs, DateTimeOffset DecidedAt);

/// <summary>A condition confirmed by an official with a reference (e.g. the GDPR art. 46 instrument).</summary>
public sealed record Confirmation(string ConditionId, string Reference, string ConfirmedBy, DateTimeOffset ConfirmedAt);

/// <summary>
/// What the workflow needs to know of a share's assessment. <see cref="WhatIf"/>: assessed under a regime not in force
/// on <see cref="Date"/> (a comparison only: it can never be confirmed, decided or released).
/// <see cref="PartyFingerprint"/>: the registry version of the party that was assessed (see
/// <see cref="Parties.PartyFingerprint"/>).
/// </summary>
public sealed record ShareVerdict(Verdict Verdict, ImmutableArray<string> Basis, ImmutableArray<ConditionStatus> Conditions, string RuleSetSha256, DateOnly Date, bool WhatIf, string PartyFingerprint)
{
    public ImmutableArray<string> OpenConditions => [.. Conditions.Where(c => !c.Met).Select(c => c.Id)];

    public static ShareVerdict Of(Assessment a, string partyFingerprint)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Failure is null ? a.Verdict : Verdict.AdviceRequired, [.. a.Basis.Select(c => c.Short)], a.Conditions, a.RuleSetSha256, a.Date, a.WhatIf, partyFingerprint);
    }
}

/// <summary>
/// Who set a share up before its workflow: the case's creator, the importer of the list its plan came from, and the
/// assessor who made the plan. With the share's confirmations and advice this gives its preparers (four eyes).
/// </summary>
public sealed record ShareOrigin(string CaseCreatedBy, string ImportedBy, string AssessedBy);

/// <summary>One recipient's share of a case and where it is in the workflow.</summary>
public sealed record ShareFile(
    string Id,
    string CaseId,
    string PlanId,
    string PartyId,
    string PartyName,
    int IndicatorCount,
    ShareState State,
    ShareVerdict Assessment,
    string PreparedBy,
    bool ExceptionalRisk,
    ImmutableArray<AdviceItem> Advice,
    ImmutableArray<Confirmation> Confirmations,
    ShareDecision? Decision,
    int Version)
{
    /// <summary>SHA-256 of the recipient's registry entry when assessed ("" when not known).</summary>
    public string PartySha256 { get; init; } = "";

    /// <summary>SHA-256 of the share's sorted addresses ("" when not known).</summary>
    public string AddressesSha256 { get; init; } = "";

    /// <summary>The same recipient's share in the plan version this one replaced, if any.</summary>
    public string? PreviousShareId { get; init; }

    /// <summary>The plan that replaced this share's plan: the share is then read-only history. Null while current.</summary>
    public string? SupersededBy { get; init; }
}
