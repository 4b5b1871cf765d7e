using System.Diagnostics.CodeAnalysis;

namespace Grondslag.Domain.Audit;

/// <summary>The outcome of parsing untrusted text: the value, or a message that says what is wrong with the input.</summary>
public sealed record ParseResult<T>
    where T : class
{
    private ParseResult(T? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The parsed value, when parsing succeeded.</summary>
    public T? Value { get; }

    /// <summary>Why the input was rejected, when it was.</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Value is not null;

    public static ParseResult<T> Success(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static ParseResult<T> Failure(string error) => new(null, error);

    /// <summary>The value, or an exception carrying the error, for callers that cannot go on without it.</summary>
    public T ValueOrThrow() => Value ?? throw new FormatException(Error);
}
