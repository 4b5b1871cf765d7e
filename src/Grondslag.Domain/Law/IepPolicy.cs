using System.Collections.Immutable;

namespace Grondslag.Domain.Law;

/// <summary>
/// The FIRST Information Exchange Policy (IEP 2.0) that travels with a share, derived from the verdict and the
/// originator's conditions, and read back from a partner's STIX marking or MISP <c>iep2-policy</c> tags. Values are
/// the IEP 2.0 wire words (<c>must</c>, <c>may</c>, <c>must-not</c>, <c>contact-for-instruction</c> …).
/// Mapping (docs/decisions.md, "Formats"): TLP:CLEAR is IEP <c>white</c> and TLP:AMBER+STRICT is IEP <c>amber</c>
/// (IEP 2.0 knows TLP 1.0 words; the TLP 2.0 marking beside it keeps the exact level); a third-party rule is
/// <c>contact-for-instruction</c> (act or pass on only after asking the provider); the purpose "inform victims"
/// is <c>internally-visible-actions</c> with affected-party notifications allowed; no purpose restriction is
/// <c>externally-visible-direct-actions</c>. Resale is never allowed.
/// </summary>
public sealed record IepPolicy(
    string Tlp,
    string EncryptInTransit,
    string PermittedActions,
    string AffectedPartyNotifications,
    string ProviderAttribution,
    string UnmodifiedResale)
{
    public static ImmutableArray<string> PermittedActionValues { get; } =
        ["none", "contact-for-instruction", "internally-visible-actions", "externally-visible-indirect-actions", "externally-visible-direct-actions"];

    /// <summary>The policy of a released share: what the recipient may do with it.</summary>
    public static IepPolicy For(OriginatorConditions originator, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(originator);
        var open = verdict == Verdict.Permitted && originator.Tlp == TlpLevel.Clear && !originator.ThirdPartyRule;
        return new IepPolicy(
            TlpWord(originator.Tlp),
            open ? "may" : "must",
            originator.ThirdPartyRule ? "contact-for-instruction"
                : originator.Purpose == PurposeRestriction.InformVictims ? "internally-visible-actions" : "externally-visible-direct-actions",
            "may",
            originator.ThirdPartyRule ? "must-not" : "may",
            "must-not");
    }

    /// <summary>The IEP 2.0 <c>tlp</c> word of a TLP 2.0 level (IEP 2.0 predates TLP 2.0).</summary>
    public static string TlpWord(TlpLevel level) => level switch
    {
        TlpLevel.Clear => "white",
        TlpLevel.Green => "green",
        TlpLevel.Amber or TlpLevel.AmberStrict => "amber",
        TlpLevel.Red => "red",
    };

    /// <summary>One sentence a person reads: what the policy allows.</summary>
    public string Describe() =>
        $"IEP 2.0: TLP:{Tlp.ToUpperInvariant()}; permitted actions: {PermittedActions}; affected-party notifications: {AffectedPartyNotifications}; "
        + $"encrypt in transit: {EncryptInTransit}; provider attribution: {ProviderAttribution}; unmodified resale: {UnmodifiedResale}.";

    /// <summary>
    /// What a partner's IEP policy says about the originator's conditions, field by field (null when the field is
    /// absent or says nothing about them), with a note per field that could not be carried.
    /// </summary>
    public static OriginatorMarkings Read(IReadOnlyDictionary<string, string> fields, string where)
    {
        ArgumentNullException.ThrowIfNull(fields);
        TlpLevel? tlp = null;
        PurposeRestriction? purpose = null;
        bool? thirdParty = null;
        var notes = ImmutableArray.CreateBuilder<string>();
        if (fields.TryGetValue("tlp", out var t))
        {
            if (TlpLevels.TryParse(t == "white" ? "clear" : t, out var level))
            {
                tlp = level;
                notes.Add($"TLP:{level.ToWire().ToUpperInvariant()} from the IEP policy ({where})");
            }
            else
            {
                notes.Add($"IEP tlp '{t}' ({where}) is not a TLP level (red, amber, green, white); not carried");
            }
        }

        if (fields.TryGetValue("permitted_actions", out var actions))
        {
            switch (actions)
            {
                case "none" or "contact-for-instruction":
                    thirdParty = true;
                    purpose = PurposeRestriction.InformVictims;
                    notes.Add($"IEP permitted_actions '{actions}' ({where}): third-party rule (act or pass on only with the originator's consent), purpose inform victims");
                    break;
                case "internally-visible-actions" or "externally-visible-indirect-actions":
                    purpose = PurposeRestriction.InformVictims;
                    notes.Add($"IEP permitted_actions '{actions}' ({where}): purpose inform victims");
                    break;
                case "externally-visible-direct-actions":
                    purpose = PurposeRestriction.None;
                    break;
                default:
                    notes.Add($"IEP permitted_actions '{actions}' ({where}) is not an IEP 2.0 value ({string.Join(", ", PermittedActionValues)}); not carried");
                    break;
            }
        }

        if (fields.TryGetValue("affected_party_notifications", out var notify) && notify == "must-not")
        {
            thirdParty = true;
            notes.Add($"IEP affected_party_notifications 'must-not' ({where}): victims may not be told without the originator's consent, so the third-party rule applies");
        }

        if (fields.TryGetValue("end_date", out var end) && !string.IsNullOrWhiteSpace(end) && end != "null")
        {
            notes.Add($"IEP end_date {end} ({where}): a case has no retention end yet; record it with the case, it is not carried automatically");
        }

        return new OriginatorMarkings(tlp, purpose, thirdParty, notes.ToImmutable());
    }
}

/// <summary>
/// What a file's markings say about the originator's conditions (TLP, purpose, third-party rule): null where the
/// file says nothing. <see cref="Notes"/> say where each came from and what could not be carried.
/// </summary>
public sealed record OriginatorMarkings(TlpLevel? Tlp, PurposeRestriction? Purpose, bool? ThirdPartyRule, ImmutableArray<string> Notes)
{
    public static OriginatorMarkings None { get; } = new(null, null, null, []);

    /// <summary>True when the file says anything about the conditions.</summary>
    public bool Any => Tlp is not null || Purpose is not null || ThirdPartyRule is not null;

    /// <summary>Both markings together, each field the stricter of the two (an absent field is no restriction).</summary>
    public OriginatorMarkings And(OriginatorMarkings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Tlp is { } a ? other.Tlp is { } b ? (TlpLevel)Math.Max((int)a, (int)b) : a : other.Tlp,
            Purpose is { } p ? other.Purpose is { } q ? Stricter(p, q) : p : other.Purpose,
            ThirdPartyRule is { } x ? other.ThirdPartyRule is { } y ? x || y : x : other.ThirdPartyRule,
            Notes.AddRange(other.Notes));
    }

    /// <summary>Later markings replace earlier ones field by field where they say something (a producer's own exact statement over a derived one).</summary>
    public OriginatorMarkings Over(OriginatorMarkings fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new(Tlp ?? fallback.Tlp, Purpose ?? fallback.Purpose, ThirdPartyRule ?? fallback.ThirdPartyRule, fallback.Notes.AddRange(Notes));
    }

    /// <summary>
    /// The case's conditions with the file's markings applied: never looser than either (TLP the stricter, purpose
    /// "inform victims" if either says so, the third-party rule if either has it). The originator's consent stays
    /// the case's, except that it lapses when the file brings a third-party rule the case did not have.
    /// </summary>
    public OriginatorConditions ApplyTo(OriginatorConditions current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var tlp = Tlp is { } t && t > current.Tlp ? t : current.Tlp;
        var purpose = Purpose is { } p ? Stricter(p, current.Purpose) : current.Purpose;
        var thirdParty = current.ThirdPartyRule || ThirdPartyRule == true;
        var consent = current.OriginatorConsent && thirdParty == current.ThirdPartyRule;
        return new OriginatorConditions(tlp, purpose, thirdParty, consent);
    }

    private static PurposeRestriction Stricter(PurposeRestriction a, PurposeRestriction b) =>
        a == PurposeRestriction.InformVictims || b == PurposeRestriction.InformVictims ? PurposeRestriction.InformVictims : PurposeRestriction.None;
}
