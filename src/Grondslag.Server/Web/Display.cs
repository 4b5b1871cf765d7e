using System.Globalization;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Time;

namespace Grondslag.Server.Web;

/// <summary>The marker for the case pages' shared labels (verdicts, states, roles, open steps); Dutch in <c>Resources/Web/CaseText.nl.resx</c>.</summary>
public sealed class CaseText;

/// <summary>Who a share waits for and what they have to do, as human labels (never wire names).</summary>
public sealed record Waiting(IReadOnlyList<string> Who, string What);

/// <summary>How the UI writes times, verdicts, states and roles: one format everywhere, Dutch time stated, human labels.</summary>
public static class Display
{
    /// <summary>Dutch time from the product's own zone rules (NodaTime's TZDB), never the host's and never UTC in disguise.</summary>
    public static string Time(DateTimeOffset at) =>
        LegalCalendar.InNetherlands(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (NL)";

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The verdict's CSS class, shared with the world map's classes.</summary>
    public static string Css(Verdict verdict) => "verdict-" + verdict.ToWire();

    /// <summary>The English label (the key of its Dutch in CaseText).</summary>
    public static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Permitted => "Permitted",
        Verdict.Conditional => "Conditional",
        Verdict.AdviceRequired => "Advice required",
        Verdict.Prohibited => "Prohibited",
    };

    public static string Label(ShareState state) => state switch
    {
        ShareState.Assessed => "Assessed",
        ShareState.AdviceRequested => "Advice requested",
        ShareState.AdviceGiven => "Advice given",
        ShareState.Approved => "Approved",
        ShareState.Refused => "Refused",
        ShareState.Released => "Released",
    };

    public static string Label(CaseState state) => state switch
    {
        CaseState.Intake => "Intake",
        CaseState.InProgress => "In progress",
        CaseState.Settled => "Settled",
        CaseState.Closed => "Closed",
    };

    public static string Label(Urgency urgency) => urgency switch
    {
        Urgency.Routine => "Routine",
        Urgency.Urgent => "Urgent",
    };

    public static string Label(Role role) => role switch
    {
        Role.Analyst => "Analyst",
        Role.DutyOfficer => "Duty officer",
        Role.LegalAdviser => "Legal adviser",
        Role.NctvAdviser => "NCTV adviser",
        Role.DecisionMaker => "Decision-maker",
        Role.Auditor => "Auditor",
        Role.Administrator => "Administrator",
        Role.Recipient => "Recipient",
    };

    public static string Label(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approved => "Approved",
        DecisionOutcome.Refused => "Refused",
    };

    public static string Label(AdviserKind adviser) => Label(adviser.AdviserRole());

    /// <summary>
    /// Whom a share waits for, read from the domain's own answer (<see cref="ShareWorkflow.WaitingFor"/>, "role: step"),
    /// with the role and the step as human labels. Null when it waits for nobody.
    /// </summary>
    public static Waiting? WaitingFor(ShareFile share)
    {
        ArgumentNullException.ThrowIfNull(share);
        var text = ShareWorkflow.WaitingFor(share);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var roles = text[..colon].Split(" and ", StringSplitOptions.RemoveEmptyEntries)
            .Select(r => CaseWire.TryParse<Role>(r.Trim(), out var role) ? Label(role) : r.Trim());
        var step = text[(colon + 1)..].Trim();
        var what = step switch
        {
            "release" => "release",
            "advice" => "give advice",
            "decide" => "decide",
            _ when step.StartsWith("refuse", StringComparison.Ordinal) => "refuse (prohibited) or ask advice on the alternatives",
            _ when step.StartsWith("request advice", StringComparison.Ordinal) => "request the required advice",
            _ when step.StartsWith("confirm", StringComparison.Ordinal) => "confirm the conditions",
            _ => step,
        };
        return new Waiting([.. roles], what);
    }
}
