namespace Grondslag.Domain.Parties;

/// <summary>
/// The data-protection law a recipient processes personal data under. GDPR art. 45 adequacy decisions cover
/// recipients under a named legal regime, not recipient kinds: the UK decision 2021/1772 covers UK-GDPR
/// processing but not the intelligence services (DPA 2018 Part 4), so not NCSC-UK inside GCHQ; Japan's
/// 2019/419 covers the private sector (APPI) only; Canada's covers PIPEDA commercial organisations only.
/// </summary>
public enum DataProtectionRegime
{
    /// <summary>A public authority or body under the country's general (public-sector) data-protection law.</summary>
    PublicAuthority,

    /// <summary>A private organisation under the country's general (private-sector, commercial) data-protection law.</summary>
    Private,

    /// <summary>An intelligence or security service, or a body inside one (e.g. NCSC-UK inside GCHQ).</summary>
    Intelligence,

    /// <summary>Police and prosecution under law-enforcement data-protection rules.</summary>
    LawEnforcement,
}

/// <summary>Wire names of <see cref="DataProtectionRegime"/> and the default a recipient kind implies.</summary>
public static class DataProtectionRegimes
{
    public static IReadOnlyList<DataProtectionRegime> All { get; } = Enum.GetValues<DataProtectionRegime>();

    public static string ToWire(this DataProtectionRegime regime) => regime switch
    {
        DataProtectionRegime.PublicAuthority => "public-authority",
        DataProtectionRegime.Private => "private",
        DataProtectionRegime.Intelligence => "intelligence",
        DataProtectionRegime.LawEnforcement => "law-enforcement",
    };

    public static bool TryParse(string? text, out DataProtectionRegime regime)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text?.Trim(), StringComparison.Ordinal))
            {
                regime = candidate;
                return true;
            }
        }

        regime = default;
        return false;
    }

    public static string WireList => string.Join(", ", All.Select(r => r.ToWire()));

    /// <summary>
    /// The regime assumed when the registry records none: national CSIRTs and government bodies are public
    /// authorities, intelligence services are intelligence, police are law enforcement, all others private.
    /// A party that differs (JPCERT/CC is private; NCSC-UK is inside GCHQ) must say so in the registry.
    /// </summary>
    public static DataProtectionRegime DefaultFor(RecipientKind kind) => kind switch
    {
        RecipientKind.NationalCsirt => DataProtectionRegime.PublicAuthority,
        RecipientKind.DesignatedCsirt => DataProtectionRegime.PublicAuthority,
        RecipientKind.CentralGovernment => DataProtectionRegime.PublicAuthority,
        RecipientKind.IntelligenceService => DataProtectionRegime.Intelligence,
        RecipientKind.LawEnforcement => DataProtectionRegime.LawEnforcement,
        RecipientKind.Oktt => DataProtectionRegime.Private,
        RecipientKind.VitalProvider => DataProtectionRegime.Private,
        RecipientKind.Provider => DataProtectionRegime.Private,
        RecipientKind.InternetAccessProvider => DataProtectionRegime.Private,
        RecipientKind.Public => DataProtectionRegime.Private,
    };
}
