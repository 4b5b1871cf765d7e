using Grondslag.Domain.Cases;

namespace Grondslag.Server.Web;

/// <summary>
/// Human words for internal identifiers, in English; the Dutch is in <c>SharedText.nl.resx</c> under the same key
/// (pages write <c>S[Labels.Role(role)]</c>). <c>duty-officer</c> is never shown to a person.
/// </summary>
public static class Labels
{
    public static string Role(Role role) => role switch
    {
        Grondslag.Domain.Cases.Role.Analyst => "Analyst",
        Grondslag.Domain.Cases.Role.DutyOfficer => "Duty officer",
        Grondslag.Domain.Cases.Role.LegalAdviser => "Legal adviser",
        Grondslag.Domain.Cases.Role.NctvAdviser => "NCTV adviser",
        Grondslag.Domain.Cases.Role.DecisionMaker => "Decision-maker",
        Grondslag.Domain.Cases.Role.Auditor => "Auditor",
        Grondslag.Domain.Cases.Role.Administrator => "Administrator",
        Grondslag.Domain.Cases.Role.Recipient => "Recipient",
    };

    /// <summary>Every English label this class can produce (for the completeness test).</summary>
    public static IEnumerable<string> All => Enum.GetValues<Role>().Select(Role);
}
