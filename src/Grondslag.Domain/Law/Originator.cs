namespace Grondslag.Domain.Law;

/// <summary>What the source of the information (e.g. an intelligence service) allows it to be used for.</summary>
public enum PurposeRestriction
{
    /// <summary>The source set no purpose.</summary>
    None,

    /// <summary>Only to inform the victims so that they can take countermeasures (the 2024 list's purpose).</summary>
    InformVictims,
}

/// <summary>Conditions the originator attached to the information.</summary>
/// <param name="Tlp">The originator's TLP 2.0 label; every shared object carries it.</param>
/// <param name="Purpose">The purpose restriction.</param>
/// <param name="ThirdPartyRule">True when the source forbids onward passing without its consent.</param>
/// <param name="OriginatorConsent">True when the originator has consented to this onward sharing.</param>
public sealed record OriginatorConditions(
    TlpLevel Tlp,
    PurposeRestriction Purpose,
    bool ThirdPartyRule,
    bool OriginatorConsent)
{
    /// <summary>The default for a list handed to NCSC to warn victims: TLP:AMBER, purpose "inform victims".</summary>
    public static OriginatorConditions Default { get; } = new(TlpLevel.Amber, PurposeRestriction.InformVictims, false, false);

    public static string ToWire(PurposeRestriction purpose) => purpose switch
    {
        PurposeRestriction.None => "none",
        PurposeRestriction.InformVictims => "inform-victims",
    };
}
