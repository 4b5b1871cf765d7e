namespace Grondslag.Domain.Time;

/// <summary>
/// A span of calendar days. Both ends are <b>inclusive</b>: a rule valid from 2018-11-09
/// to 2020-01-31 applies on both of those days. A missing end means "until further notice",
/// a missing start "since always". Days are legal calendar days (Europe/Amsterdam).
/// </summary>
public readonly record struct DateInterval
{
    public DateInterval(DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t && t < f)
        {
            throw new ArgumentException($"The interval ends ({t:yyyy-MM-dd}) before it starts ({f:yyyy-MM-dd}).", nameof(to));
        }

        From = from;
        To = to;
    }

    /// <summary>First day included, or null for "since always".</summary>
    public DateOnly? From { get; }

    /// <summary>Last day included, or null for "until further notice".</summary>
    public DateOnly? To { get; }

    public static DateInterval Always { get; } = new(null, null);

    public bool Contains(DateOnly day) => (From is null || day >= From) && (To is null || day <= To);

    public bool Overlaps(DateInterval other) =>
        (From is null || other.To is null || From <= other.To) &&
        (other.From is null || To is null || other.From <= To);

    public override string ToString() =>
        $"{(From is { } f ? f.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "…")} to {(To is { } t ? t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "…")} (inclusive)";
}
