namespace Grondslag.Domain.Parties;

/// <summary>The closed set of kinds of party that may receive information; the law distinguishes them.</summary>
public enum RecipientKind
{
    /// <summary>The national CSIRT of a country (for the Netherlands: NCSC itself).</summary>
    NationalCsirt,

    /// <summary>A Dutch computercrisisteam designated by ministerial regulation (Wbni art. 3(2)(c)).</summary>
    DesignatedCsirt,

    /// <summary>An organisation whose recognisable task is to inform others ("organisatie die tot taak heeft ...", OKTT).</summary>
    Oktt,

    /// <summary>A provider of a vital service ("vitale aanbieder").</summary>
    VitalProvider,

    /// <summary>A body of central government ("Rijksoverheid").</summary>
    CentralGovernment,

    /// <summary>An intelligence and security service (AIVD, MIVD; foreign services only through them).</summary>
    IntelligenceService,

    /// <summary>Any other organisation, e.g. the victim itself or a vendor.</summary>
    Provider,

    /// <summary>An internet access provider, to inform its users (Wbni art. 3(2)(d) [verify]).</summary>
    InternetAccessProvider,

    /// <summary>Police and public prosecution.</summary>
    LawEnforcement,

    /// <summary>Anyone: publication.</summary>
    Public,
}

/// <summary>The wire names of <see cref="RecipientKind"/> (kebab-case, as in the rule files and the API).</summary>
public static class RecipientKinds
{
    public static IReadOnlyList<RecipientKind> All { get; } = Enum.GetValues<RecipientKind>();

    public static string ToWire(this RecipientKind kind) => kind switch
    {
        RecipientKind.NationalCsirt => "national-csirt",
        RecipientKind.DesignatedCsirt => "designated-csirt",
        RecipientKind.Oktt => "oktt",
        RecipientKind.VitalProvider => "vital-provider",
        RecipientKind.CentralGovernment => "central-government",
        RecipientKind.IntelligenceService => "intelligence-service",
        RecipientKind.Provider => "provider",
        RecipientKind.InternetAccessProvider => "internet-access-provider",
        RecipientKind.LawEnforcement => "law-enforcement",
        RecipientKind.Public => "public",
    };

    public static bool TryParse(string? text, out RecipientKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text?.Trim(), StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string WireList => string.Join(", ", All.Select(k => k.ToWire()));
}
