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

    public static string CaseState(CaseState state) => state switch
    {
        Grondslag.Domain.Cases.CaseState.Intake => "Intake",
        Grondslag.Domain.Cases.CaseState.InProgress => "In progress",
        Grondslag.Domain.Cases.CaseState.Settled => "Settled",
        Grondslag.Domain.Cases.CaseState.Closed => "Closed",
    };

    public static string Kind(Grondslag.Domain.Parties.RecipientKind kind) => kind switch
    {
        Grondslag.Domain.Parties.RecipientKind.NationalCsirt => "National CSIRT",
        Grondslag.Domain.Parties.RecipientKind.DesignatedCsirt => "Designated CSIRT",
        Grondslag.Domain.Parties.RecipientKind.Oktt => "OKTT (organisation with a cyber-security task)",
        Grondslag.Domain.Parties.RecipientKind.VitalProvider => "Vital provider",
        Grondslag.Domain.Parties.RecipientKind.CentralGovernment => "Central government",
        Grondslag.Domain.Parties.RecipientKind.IntelligenceService => "Intelligence service",
        Grondslag.Domain.Parties.RecipientKind.Provider => "Provider",
        Grondslag.Domain.Parties.RecipientKind.InternetAccessProvider => "Internet access provider",
        Grondslag.Domain.Parties.RecipientKind.LawEnforcement => "Law enforcement",
        Grondslag.Domain.Parties.RecipientKind.Public => "Public",
    };

    /// <summary>Every English label this class can produce (for the completeness test).</summary>
    public static IEnumerable<string> All => Enum.GetValues<Role>().Select(Role).Concat(Enum.GetValues<CaseState>().Select(CaseState)).Concat(Enum.GetValues<Grondslag.Domain.Parties.RecipientKind>().Select(Kind));
}
