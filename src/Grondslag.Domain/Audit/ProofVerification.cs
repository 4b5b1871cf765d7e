namespace Grondslag.Domain.Audit;

/// <summary>The outcome of checking an inclusion or consistency proof, with the reason when it fails.</summary>
public sealed record ProofVerification
{
    private ProofVerification(bool isValid, string explanation)
    {
        IsValid = isValid;
        Explanation = explanation;
    }

    /// <summary>True only when the proof was checked and holds.</summary>
    public bool IsValid { get; }

    /// <summary>What was proven, or why the proof was rejected.</summary>
    public string Explanation { get; }

    internal static ProofVerification Valid(string explanation) => new(true, explanation);

    internal static ProofVerification Invalid(string explanation) => new(false, explanation);

    internal static ProofVerification MatchRoot(ReadOnlySpan<byte> computed, ReadOnlySpan<byte> expected, string what) =>
        computed.SequenceEqual(expected)
            ? Valid($"The {what} matches.")
            : Invalid($"The {what} computed from the proof does not match the one given.");
}
