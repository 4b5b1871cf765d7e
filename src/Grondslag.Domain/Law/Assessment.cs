using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Text;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Law;

/// <summary>
/// Who would receive the information, as far as the law cares. <see cref="PartyId"/> names the registry party the
/// profile was made from (null for a free-standing what-would-the-law-say question), so that an assessment can only
/// be used for exactly that party. A kind or country that could not be
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
    bool EssentialOrImportantEntity = false,
    string? PartyId = null)
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
/// <param name="TitleNl">The rule's title in Dutch (null only for assessments stored before both languages were kept).</param>
public sealed record DeterminingRule(string RuleSetId, string Id, string Title, Verdict Outcome, ImmutableArray<Citation> Citations, bool Verify, string? Task = null, string? TitleNl = null)
{
    /// <summary>The title in English and Dutch (the English where no Dutch was kept).</summary>
    [JsonIgnore]
    public LocalText TitleText => new(Title, TitleNl ?? Title);

    /// <summary>How to label the citations, in English and Dutch.</summary>
    [JsonIgnore]
    public LocalText CitationLabelText => CitationLabels.Of(Outcome);

    /// <summary>How to label the rule's citations: a refusal rests on a "determining provision", not on a "basis".</summary>
    public string CitationLabel => Outcome == Verdict.Prohibited ? CitationLabels.DeterminingProvision : CitationLabels.Basis;
}

/// <summary>The words for what a citation is to a verdict.</summary>
public static class CitationLabels
{
    public const string Basis = "basis";
    public const string DeterminingProvision = "determining provision";

    /// <summary>"basis" / "grondslag" for a permission, "determining provision" / "doorslaggevende bepaling" for a refusal.</summary>
    public static LocalText Of(Verdict outcome) => outcome == Verdict.Prohibited
        ? new(DeterminingProvision, "doorslaggevende bepaling")
        : new(Basis, "grondslag");
}

/// <summary>A condition of a conditional verdict and whether it is met.</summary>
/// <param name="ConfirmableBy">Who may confirm it (always with a reference); the workflow must enforce this.</param>
/// <param name="DescriptionNl">The description in Dutch (null only for shares stored before both languages were kept).</param>
/// <param name="MetByNl">How it was met, in Dutch.</param>
public sealed record ConditionStatus(string Id, string Description, bool Met, string? MetBy, ConditionConfirmer ConfirmableBy = ConditionConfirmer.Official, string? DescriptionNl = null, string? MetByNl = null)
{
    /// <summary>The description in English and Dutch (the English where no Dutch was kept).</summary>
    [JsonIgnore]
    public LocalText DescriptionText => new(Description, DescriptionNl ?? Description);
}

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
/// <param name="DescriptionNl">The description in Dutch.</param>
/// <param name="RegimeNl">The other regime's title in Dutch.</param>
public sealed record Alternative(AlternativeKind Kind, string Description, Verdict Verdict, ImmutableArray<Citation> Basis, DateOnly? From, string? Regime = null, string? DescriptionNl = null, string? RegimeNl = null)
{
    /// <summary>The description in English and Dutch (the English where no Dutch was kept).</summary>
    [JsonIgnore]
    public LocalText DescriptionText => new(Description, DescriptionNl ?? Description);
}

/// <summary>
/// The engine's answer, with everything needed to explain and to replay it. Only <see cref="LegalEvaluator"/> can make
/// one: the constructor is internal and the type is a sealed class without setters (a record's <c>with</c> would copy
/// and change a permitting answer), so no code outside the domain can forge or alter a permitted assessment.
/// Immutable and thread-safe.
/// </summary>
public sealed class Assessment
{
    internal Assessment(
        Verdict verdict,
        string regimeId,
        LocalText regimeTitle,
        bool whatIf,
        string ruleSetSha256,
        DateOnly date,
        RecipientProfile recipient,
        ImmutableArray<DeterminingRule> determiningRules,
        ImmutableArray<ConditionStatus> conditions,
        ImmutableArray<UnmetPrecondition> unmetPreconditions,
        FactValues facts,
        ImmutableArray<TraceLine> trace,
        LocalText explanation,
        ImmutableArray<Alternative> alternatives,
        LocalText? failure,
        LocalText? task = null,
        LocalText? restriction = null,
        LocalText? originatorSummary = null)
    {
        Verdict = verdict;
        RegimeId = regimeId;
        RegimeTitleText = regimeTitle;
        WhatIf = whatIf;
        RuleSetSha256 = ruleSetSha256;
        Date = date;
        Recipient = recipient;
        DeterminingRules = determiningRules;
        Conditions = conditions;
        UnmetPreconditions = unmetPreconditions;
        Facts = facts;
        Trace = trace;
        ExplanationText = explanation;
        Alternatives = alternatives;
        FailureText = failure;
        TaskText = task;
        RestrictionText = restriction;
        OriginatorText = originatorSummary;
    }

    public Verdict Verdict { get; }

    public string RegimeId { get; }

    /// <summary>The regime's title in English.</summary>
    public string RegimeTitle => RegimeTitleText.En;

    /// <summary>The regime's title in English and Dutch.</summary>
    public LocalText RegimeTitleText { get; }

    /// <summary>True when assessed under a regime that is not the one in force on <see cref="Date"/>: a comparison only, never a basis.</summary>
    public bool WhatIf { get; }

    /// <summary>The SHA-256 of the rule book (regimes and overlays) the assessment was made with.</summary>
    public string RuleSetSha256 { get; }

    /// <summary>The legal day assessed.</summary>
    public DateOnly Date { get; }

    /// <summary>Exactly whom the assessment is about: party id (when from the registry), name, kind, country, designations.</summary>
    public RecipientProfile Recipient { get; }

    public ImmutableArray<DeterminingRule> DeterminingRules { get; }

    public ImmutableArray<ConditionStatus> Conditions { get; }

    public ImmutableArray<UnmetPrecondition> UnmetPreconditions { get; }

    public FactValues Facts { get; }

    public ImmutableArray<TraceLine> Trace { get; }

    /// <summary>The explanation in English (the API's <c>explanation</c>).</summary>
    public string Explanation => ExplanationText.En;

    /// <summary>
    /// The explanation in English and Dutch. Both name the same rules and citations: the rule ids, the citations
    /// and the dates are the same text in either language.
    /// </summary>
    public LocalText ExplanationText { get; }

    public ImmutableArray<Alternative> Alternatives { get; }

    /// <summary>Why the evaluation failed closed, or null (English).</summary>
    public string? Failure => FailureText?.En;

    /// <summary>Why the evaluation failed closed, in English and Dutch, or null.</summary>
    public LocalText? FailureText { get; }

    /// <summary>The NCSC task (art. 3) behind the answer, in words, or that none covers the recipient (English).</summary>
    public string? Task => TaskText?.En;

    /// <summary>The NCSC task behind the answer, in English and Dutch.</summary>
    public LocalText? TaskText { get; }

    /// <summary>Whether the art. 20(2) restriction bites and whether the recipient is inside the circle (English).</summary>
    public string? Restriction => RestrictionText?.En;

    /// <summary>The art. 20(2) restriction, in English and Dutch.</summary>
    public LocalText? RestrictionText { get; }

    /// <summary>The originator's conditions and which of them decided (English).</summary>
    public string? OriginatorSummary => OriginatorText?.En;

    /// <summary>The originator's conditions, in English and Dutch.</summary>
    public LocalText? OriginatorText { get; }

    /// <summary>"determining provision" for a refusal, else "basis": how to label <see cref="Basis"/>.</summary>
    public string BasisLabel => BasisLabelText.En;

    /// <summary>How to label <see cref="Basis"/>, in English and Dutch.</summary>
    public LocalText BasisLabelText => CitationLabels.Of(Verdict);

    /// <summary>The citations of the determining rules, de-duplicated, in order.</summary>
    public ImmutableArray<Citation> Basis => [.. DeterminingRules.SelectMany(r => r.Citations).Distinct()];
}
