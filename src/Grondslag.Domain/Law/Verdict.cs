namespace Grondslag.Domain.Law;

/// <summary>The closed set of answers to "may this recipient have this information?".</summary>
public enum Verdict
{
    /// <summary>A cited rule permits it; nothing further is needed.</summary>
    Permitted,

    /// <summary>Permitted once each listed condition is confirmed (e.g. a GDPR art. 46/49 ground).</summary>
    Conditional,

    /// <summary>The rules do not settle it (doubt, missing fact, error): the legal and NCTV advisers decide.</summary>
    AdviceRequired,

    /// <summary>No legal basis, or a rule forbids it. Nobody can release it.</summary>
    Prohibited,
}

/// <summary>Wire names and ordering of <see cref="Verdict"/>.</summary>
public static class Verdicts
{
    public static IReadOnlyList<Verdict> All { get; } = Enum.GetValues<Verdict>();

    public static string ToWire(this Verdict verdict) => verdict switch
    {
        Verdict.Permitted => "permitted",
        Verdict.Conditional => "conditional",
        Verdict.AdviceRequired => "advice-required",
        Verdict.Prohibited => "prohibited",
    };

    public static bool TryParse(string? text, out Verdict verdict)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.Ordinal))
            {
                verdict = candidate;
                return true;
            }
        }

        verdict = default;
        return false;
    }

    /// <summary>How restrictive a verdict is: when several layers speak, the most restrictive wins.</summary>
    public static int Severity(this Verdict verdict) => verdict switch
    {
        Verdict.Permitted => 0,
        Verdict.Conditional => 1,
        Verdict.AdviceRequired => 2,
        Verdict.Prohibited => 3,
    };

    public static Verdict MostRestrictive(Verdict a, Verdict b) => a.Severity() >= b.Severity() ? a : b;

    /// <summary>Whether the verdict lets information go out (a conditional one only once its conditions are met).</summary>
    public static bool AllowsRelease(this Verdict verdict) => verdict == Verdict.Permitted;
}
