using System.Collections.Immutable;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Law;

/// <summary>
/// Who would receive the information, as far as the law cares. A kind or country that could not be
/// recognised is kept as text so the assessment can fail closed and name it.
/// </summary>
public sealed record RecipientProfile(
    string Name,
    RecipientKind? Kind,
    CountryCode? Country,
    ImmutableArray<DateInterval> Designations,
    ImmutableArray<DateInterval> CooperationRelationships,
    string? UnrecognisedKind = null,
    string? UnrecognisedCountry = null,
    DataProtectionRegime? DataProtectionRegime = null,
    bool DpfCertified = false,
    bool EssentialOrImportantEntity = false)
{
    /// <summary>The legal regime adequacy is judged on: the recorded one, else the default for the kind.</summary>
    public DataProtectionRegime? EffectiveDataProtectionRegime =>
        DataProtectionRegime ?? (Kind is { } k ? DataProtectionRegimes.DefaultFor(k) : null);

    public static RecipientProfile Of(string name, RecipientKind kind, CountryCode country) =>
        new(name, kind, country, [], []);
}

/// <summary>One question to the engine: may this information go to this recipient on this date?</summary>
/// <param name="OwnConstituency">True when the information concerns the recipient's own constituency (routing guarantees this for a share); null when unknown.</param>
/// <param name="RegimeOverride">Assess under this regime instead of the one in force (a what-if).</param>
/// <param name="ConfirmedConditions">Ids of conditions already confirmed (with a reference) by an official.</param>
public sealed record AssessmentRequest(
    ImmutableSortedSet<InformationClass> Classes,
    OriginatorConditions Originator,
    RecipientProfile Recipient,
    bool? OwnConstituency,
    DateOnly Date,
    string? RegimeOverride = null,
    ImmutableSortedSet<string>? ConfirmedConditions = null)
{
    public ImmutableSortedSet<string> Confirmed => ConfirmedConditions ?? [];
}

/// <summary>A rule that determined the verdict, with its sources.</summary>
/// <param name="Task">The NCSC task the rule rests on (see <see cref="LegalTasks"/>), for permitting rules.</param>
public sealed record DeterminingRule(string RuleSetId, string Id, string Title, Verdict Outcome, ImmutableArray<Citation> Citations, bool Verify, string? Task = null)
{
    /// <summary>How to label the rule's citations: a refusal rests on a "determining provision", not on a "basis".</summary>
    public string CitationLabel => Outcome == Verdict.Prohibited ? CitationLabels.DeterminingProvision : CitationLabels.Basis;
}

/// <summary>The words for what a citation is to a verdict.</summary>
public static class CitationLabels
{
    public const string Basis = "basis";
    public const string DeterminingProvision = "determining provision";
}

/// <summary>A condition of a conditional verdict and whether it is met.</summary>
/// <param name="ConfirmableBy">Who may confirm it (always with a reference); the workflow must enforce this.</param>
public sealed record ConditionStatus(string Id, string Description, bool Met, string? MetBy, ConditionConfirmer ConfirmableBy = ConditionConfirmer.Official);

/// <summary>A precondition of a permitting rule that the facts did not meet: why that rule could not help.</summary>
public sealed record UnmetPrecondition(string RuleId, string Fact, string Required, string Actual);

/// <summary>Status of one rule in an assessment: the rule trace an adviser can expand.</summary>
public enum TraceStatus
{
    Applies,
    SetAside,
    NotApplicable,
    NotInForce,
}

/// <summary>One line of the rule trace.</summary>
public sealed record TraceLine(string RuleSetId, string RuleId, TraceStatus Status, string Detail);

/// <summary>A lawful alternative to a refusal, checked by the engine before it is offered.</summary>
public sealed record Alternative(AlternativeKind Kind, string Description, Verdict Verdict, ImmutableArray<Citation> Basis, DateOnly? From, string? Regime = null);

/// <summary>The engine's answer, with everything needed to explain and to replay it.</summary>
public sealed record Assessment(
    Verdict Verdict,
    string RegimeId,
    string RegimeTitle,
    bool WhatIf,
    string RuleSetSha256,
    DateOnly Date,
    ImmutableArray<DeterminingRule> DeterminingRules,
    ImmutableArray<ConditionStatus> Conditions,
    ImmutableArray<UnmetPrecondition> UnmetPreconditions,
    FactValues Facts,
    ImmutableArray<TraceLine> Trace,
    string Explanation,
    ImmutableArray<Alternative> Alternatives,
    string? Failure,
    string? Task = null,
    string? Restriction = null,
    string? OriginatorSummary = null)
{
    /// <summary>"determining provision" for a refusal, else "basis": how to label <see cref="Basis"/>.</summary>
    public string BasisLabel => Verdict == Verdict.Prohibited ? CitationLabels.DeterminingProvision : CitationLabels.Basis;

    /// <summary>The citations of the determining rules, de-duplicated, in order.</summary>
    public ImmutableArray<Citation> Basis => [.. DeterminingRules.SelectMany(r => r.Citations).Distinct()];
}
