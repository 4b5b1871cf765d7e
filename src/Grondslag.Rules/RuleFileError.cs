using System.Collections.Immutable;

namespace Grondslag.Rules;

/// <summary>One problem in a rule file: where it is, what is wrong, and how to fix it.</summary>
public sealed record RuleFileError(string File, int? Line, string? RuleId, string Field, string Message)
{
    public override string ToString() =>
        $"{File}{(Line is { } l ? $":{l}" : "")}: {(RuleId is null ? "" : $"rule '{RuleId}', ")}field '{Field}': {Message}";
}

/// <summary>Thrown when a rule book cannot be loaded; nothing starts on an invalid rule set.</summary>
public sealed class RuleBookException(ImmutableArray<RuleFileError> errors)
    : Exception($"The rule set is invalid ({errors.Length} problem{(errors.Length == 1 ? "" : "s")}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public ImmutableArray<RuleFileError> Errors { get; } = errors;
}
