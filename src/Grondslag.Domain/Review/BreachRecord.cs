using System.Collections.Immutable;

namespace Grondslag.Domain.Review;

/// <summary>A recipient affected by a breach, with how much it received and when.</summary>
public sealed record AffectedRecipient(string PartyId, string Name, string Country, string ShareId, int Indicators, DateTimeOffset DisclosedAt, string RuleNowSayingNo);

/// <summary>A measure taken or proposed (GDPR art. 33(3)(d)); deletion requests are measures too.</summary>
public sealed record RemedialAction(string Description, DateTimeOffset At, string By);

/// <summary>One submission of the notification to the supervisory authority (art. 33(4) allows phases).</summary>
public sealed record NotificationPhase(int Number, DateTimeOffset SubmittedAt, string Reference, string Summary);

/// <summary>A request to a recipient to delete what it received, and its confirmation.</summary>
public sealed record DeletionRequest(string PartyId, string ShareId, string Channel, DateTimeOffset RequestedAt, DateTimeOffset? ConfirmedAt = null, string? ConfirmationReference = null)
{
    public bool Confirmed => ConfirmedAt is not null;
}

/// <summary>How close the 72-hour deadline of art. 33(1) is.</summary>
public enum DeadlineStatus
{
    /// <summary>Notified (or decided not to notify, with reasons).</summary>
    Settled,

    /// <summary>More than 24 hours left.</summary>
    Open,

    /// <summary>Less than 24 hours left: warn.</summary>
    DueSoon,

    /// <summary>Past the deadline: a late notification must give the reasons for the delay (art. 33(1)).</summary>
    Overdue,
}

/// <summary>
/// An entry in the breach register (GDPR art. 33(5)): the facts, the effects, the remedial actions, the timeline
/// from awareness to the 72-hour deadline, whether the supervisory authority was notified and why (not).
/// Immutable: every change makes a new version, recorded in the audit log by the use case.
/// </summary>
public sealed record BreachRecord
{
    public static readonly TimeSpan NotificationWindow = TimeSpan.FromHours(72);

    public required string Id { get; init; }
    public required string Title { get; init; }

    /// <summary>When NCSC became aware of the breach: the 72 hours run from here.</summary>
    public required DateTimeOffset AwareAt { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public bool Ongoing { get; init; }
    public required string Nature { get; init; }
    public required string Facts { get; init; }
    public required string Effects { get; init; }
    public required string LikelyConsequences { get; init; }
    public required ImmutableArray<string> DataCategories { get; init; }
    public required string DataSubjects { get; init; }

    /// <summary>Approximate number of data subjects (art. 33(3)(a)).</summary>
    public required long ApproximateDataSubjects { get; init; }

    /// <summary>Approximate number of records (art. 33(3)(a)).</summary>
    public required long ApproximateRecords { get; init; }

    public required ImmutableArray<AffectedRecipient> Recipients { get; init; }
    public ImmutableArray<RemedialAction> Actions { get; init; } = [];
    public ImmutableArray<DeletionRequest> DeletionRequests { get; init; } = [];
    public ImmutableArray<NotificationPhase> Notifications { get; init; } = [];
    public string? NotNotifiedBecause { get; init; }
    public string? DelayReasons { get; init; }
    public required string ContactPoint { get; init; }
    public string MeasuresBefore { get; init; } = BreachTexts.MeasuresBefore.En;

    public DateTimeOffset Deadline => AwareAt + NotificationWindow;

    public bool Notified => !Notifications.IsEmpty;

    public DeadlineStatus StatusAt(DateTimeOffset now) =>
        Notified || NotNotifiedBecause is not null ? DeadlineStatus.Settled
        : now > Deadline ? DeadlineStatus.Overdue
        : Deadline - now < TimeSpan.FromHours(24) ? DeadlineStatus.DueSoon
        : DeadlineStatus.Open;

    /// <summary>International aspects: recipients outside the Netherlands (the form asks for them).</summary>
    public ImmutableArray<string> Countries => [.. Recipients.Select(r => r.Country).Distinct().Order(StringComparer.Ordinal)];
}
