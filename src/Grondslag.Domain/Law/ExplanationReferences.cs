using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Grondslag.Domain.Law;

/// <summary>
/// The references an explanation makes: each applying rule is cited as <c>[rule-id, label: citation; citation]</c>
/// in either language (the label is "basis"/"grondslag" or "determining provision"/"doorslaggevende bepaling").
/// The Dutch and the English explanation of one assessment must make exactly the same references, in the same order.
/// </summary>
public static partial class ExplanationReferences
{
    /// <summary>The rule id and citations of every reference, in order, without the language-specific label.</summary>
    public static ImmutableArray<string> Of(string explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return [.. Reference().Matches(explanation).Select(m => $"{m.Groups["rule"].Value} | {m.Groups["citations"].Value}")];
    }

    /// <summary>True when the Dutch text names the same rules and citations as the English one.</summary>
    public static bool Agree(Text.LocalText explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return Of(explanation.En).SequenceEqual(Of(explanation.Nl), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\[(?<rule>[a-z0-9][a-z0-9.+-]*), [^:\[\]]+: (?<citations>(?:[^\[\]]|\[verify\])*)\]", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Reference();
}
