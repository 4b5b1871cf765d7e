namespace Grondslag.Domain.Cases;

/// <summary>Why a workflow step was refused; hosts map each kind to one answer (e.g. an HTTP status).</summary>
public enum RefusalKind
{
    /// <summary>The input is incomplete or malformed (a missing motivation, an unknown condition).</summary>
    Invalid,

    /// <summary>The case, share or request does not exist (or the actor may not know that it does).</summary>
    NotFound,

    /// <summary>This actor may not take this step (four eyes, not the owner, wrong adviser).</summary>
    NotAllowed,

    /// <summary>The step does not fit the current state (already decided, advice pending, changed meanwhile).</summary>
    Conflict,

    /// <summary>The law does not allow it: the article is cited in the reason.</summary>
    Prohibited,
}

/// <summary>
/// An expected refusal: a value with a kind and a reason a person can act on. <see cref="Reason"/> is English (the
/// API's answer); <see cref="Nl"/> is the same reason in Dutch where the refusal was given one, for the pages.
/// </summary>
public sealed record Refusal(RefusalKind Kind, string Reason)
{
    /// <summary>A refusal with its reason in English and Dutch.</summary>
    public Refusal(RefusalKind kind, Grondslag.Domain.Text.LocalText reason)
        : this(kind, (reason ?? throw new ArgumentNullException(nameof(reason))).En) => Nl = reason.Nl;

    /// <summary>The reason in Dutch, or null when only the English exists.</summary>
    public string? Nl { get; init; }

    /// <summary>The reason in the reader's language (Dutch when there is a Dutch text and the language is Dutch).</summary>
    public string For(string? language) => Grondslag.Domain.Text.LocalText.IsDutch(language) && Nl is { } nl ? nl : Reason;

    /// <inheritdoc cref="For(string?)"/>
    public string For(System.Globalization.CultureInfo culture) => For((culture ?? throw new ArgumentNullException(nameof(culture))).Name);
}

/// <summary>The result of a workflow step: a value, or a refusal that says why. Refusals are not exceptions.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }

    public Refusal? Refusal { get; }

    public bool IsOk => Refusal is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Refused(RefusalKind kind, string reason) => new(default, new Refusal(kind, reason));

    public static Outcome<T> Refused(RefusalKind kind, Grondslag.Domain.Text.LocalText reason) => new(default, new Refusal(kind, reason));

    public static Outcome<T> Refused(Refusal refusal) => new(default, refusal);

    public static implicit operator Outcome<T>(Refusal refusal) => Refused(refusal);
}
