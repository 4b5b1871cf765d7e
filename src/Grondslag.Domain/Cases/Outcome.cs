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

/// <summary>An expected refusal: a value with a kind and a reason a person can act on.</summary>
public sealed record Refusal(RefusalKind Kind, string Reason);

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

    public static Outcome<T> Refused(Refusal refusal) => new(default, refusal);

    public static implicit operator Outcome<T>(Refusal refusal) => Refused(refusal);
}
