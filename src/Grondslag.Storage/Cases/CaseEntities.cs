namespace Grondslag.Storage.Cases;

// Rows of the case tables. Mutable because EF Core maps them; the workflow works on the immutable domain records
// (Grondslag.Domain.Cases) that EfCaseTransaction maps these to and from.

/// <summary>A case row, with its pending handover (if any) and its optimistic-concurrency version.</summary>
public sealed class CaseRow
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Source { get; set; } = "";
    public string Tlp { get; set; } = "";
    public string Purpose { get; set; } = "";
    public bool ThirdPartyRule { get; set; }
    public bool OriginatorConsent { get; set; }
    public string Owner { get; set; } = "";
    public string Urgency { get; set; } = "";
    public DateTimeOffset? Deadline { get; set; }
    public string State { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? PendingHandoverId { get; set; }
    public int Version { get; set; }

    /// <summary>The owner's reason for closing the case; null while it is open.</summary>
    public string? ClosureReason { get; set; }

    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>An imported indicator list's metadata; the bytes are in <see cref="ImportContentRow"/>.</summary>
public sealed class ImportRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long Lines { get; set; }
    public int Accepted { get; set; }
    public long Rejected { get; set; }
    public long Bytes { get; set; }
    public string ImportedBy { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>
/// What parsing an import found apart from its addresses (counts, first rejected lines, format) as JSON; one row per
/// import stored since imports are parsed once (older imports have none and are parsed when read).
/// </summary>
public sealed class ImportDigestRow
{
    public string ImportId { get; set; } = "";
    public string DigestJson { get; set; } = "{}";
}

/// <summary>One piece of an import: the raw file in pieces of 4 MiB (<see cref="Kind"/> 0), or its sorted accepted addresses, 16 bytes each (1).</summary>
public sealed class ImportChunkRow
{
    public string ImportId { get; set; } = "";
    public int Kind { get; set; }
    public int Seq { get; set; }
    public byte[] Content { get; set; } = [];
}

/// <summary>One piece of a share's attributed indicators (<c>IndicatorChunks</c>: up to 65,536 records of address, country, AS).</summary>
public sealed class ShareIndicatorChunkRow
{
    public string ShareId { get; set; } = "";
    public int Seq { get; set; }
    public int Count { get; set; }
    public byte[] Content { get; set; } = [];
}

/// <summary>The raw bytes of an import, exactly as received.</summary>
public sealed class ImportContentRow
{
    public string ImportId { get; set; } = "";
    public byte[] Content { get; set; } = [];
}

/// <summary>A plan: which import, date, regime, rule-set and dataset versions.</summary>
public sealed class PlanRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ImportId { get; set; } = "";
    public DateOnly Date { get; set; }
    public string? RegimeOverride { get; set; }
    public string RegimeId { get; set; } = "";
    public string RuleSetSha256 { get; set; } = "";
    public string DatasetName { get; set; } = "";
    public string DatasetVersion { get; set; } = "";
    public string DatasetSha256 { get; set; } = "";
    public string PartiesSha256 { get; set; } = "";
    public string Classes { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Plan version (1 for the first assessment; 0 in rows from before versions were kept, read as 1).</summary>
    public int PlanVersion { get; set; }

    /// <summary>The plan this one replaced; unique, so two re-assessments of one plan cannot both be stored.</summary>
    public string? Supersedes { get; set; }

    public string? SupersededBy { get; set; }

    /// <summary>Addresses per country code as this plan attributed them (JSON object); null in plans from before it was kept.</summary>
    public string? CountsJson { get; set; }
}

/// <summary>A what-if comparison (a regime not in force beside the one in force); never a plan, never shares.</summary>
public sealed class WhatIfRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ImportId { get; set; } = "";
    public DateOnly Date { get; set; }
    public string Regime { get; set; } = "";
    public string? RegimeInForce { get; set; }
    public string RuleSetSha256 { get; set; } = "";
    public string RecipientsJson { get; set; } = "[]";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One recipient's share: its verdict, workflow state and a compact reference to its addresses (indexes into the import).</summary>
public sealed class ShareRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string PlanId { get; set; } = "";
    public string PartyId { get; set; } = "";
    public string PartyName { get; set; } = "";
    public int IndicatorCount { get; set; }
    public string State { get; set; } = "";
    public string Verdict { get; set; } = "";
    public string BasisJson { get; set; } = "[]";
    public string ConditionsJson { get; set; } = "[]";
    public string RuleSetSha256 { get; set; } = "";
    public DateOnly AssessmentDate { get; set; }

    /// <summary>Assessed under a regime not in force on the date: a comparison only, never decided or released.</summary>
    public bool WhatIf { get; set; }

    /// <summary>SHA-256 of the party's registry entry when assessed (<c>PartyFingerprint.Of</c>); the gate compares it at release.</summary>
    public string PartyFingerprint { get; set; } = "";
    public string AssessmentJson { get; set; } = "{}";

    /// <summary>Ascending indexes into the import's accepted addresses, as little-endian 32-bit integers.</summary>
    public byte[] Indexes { get; set; } = [];

    public string PreparedBy { get; set; } = "";
    public bool ExceptionalRisk { get; set; }
    public int Version { get; set; }

    /// <summary>SHA-256 of the recipient's registry entry when assessed ("" in rows from before it was kept).</summary>
    public string PartySha256 { get; set; } = "";

    /// <summary>SHA-256 of the share's sorted addresses ("" in rows from before it was kept).</summary>
    public string AddressesSha256 { get; set; } = "";

    public string? PreviousShareId { get; set; }

    /// <summary>The plan that superseded this share's plan; null while the share is current.</summary>
    public string? SupersededBy { get; set; }
}

/// <summary>A request for advice and, once given, its answer.</summary>
public sealed class AdviceRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ShareId { get; set; } = "";
    public string Adviser { get; set; } = "";
    public string Question { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>The one decision on a share (unique per share: a second approval cannot be stored).</summary>
public sealed class DecisionRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ShareId { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string Motivation { get; set; } = "";
    public string PreparedBy { get; set; } = "";
    public string DecidedBy { get; set; } = "";
    public string DecidedAs { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>A confirmed condition with its reference.</summary>
public sealed class ConfirmationRow
{
    public long Id { get; set; }
    public string ShareId { get; set; } = "";
    public string ConditionId { get; set; } = "";
    public string Reference { get; set; } = "";
    public string ConfirmedBy { get; set; } = "";
    public DateTimeOffset ConfirmedAt { get; set; }
}

/// <summary>A share released through the disclosure gate.</summary>
public sealed class ReleaseRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string ShareId { get; set; } = "";
    public string PartyId { get; set; } = "";
    public int IndicatorCount { get; set; }
    public string ReleasedBy { get; set; } = "";
    public DateTimeOffset ReleasedAt { get; set; }
    public string Tlp { get; set; } = "";
}

/// <summary>A handover: offered with a note, accepted (or still pending) by the new owner.</summary>
public sealed class HandoverRow
{
    public string Id { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string NoteJson { get; set; } = "{}";
    public DateTimeOffset OfferedAt { get; set; }
    public bool Accepted { get; set; }
}
