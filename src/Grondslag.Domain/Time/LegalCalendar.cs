using NodaTime;

namespace Grondslag.Domain.Time;

/// <summary>
/// The legal day: the calendar day in the Netherlands (Europe/Amsterdam) at an instant, the day on which a disclosure
/// legally happens and whose law is in force. The zone's rules come from NodaTime's embedded TZDB, which ships with
/// the product, so the answer does not depend on the host's zone files. Stateless and thread-safe.
/// </summary>
public static class LegalCalendar
{
    /// <summary>The IANA id of the Netherlands' zone (European part).</summary>
    public const string ZoneId = "Europe/Amsterdam";

    /// <summary>The Netherlands' zone from the embedded TZDB; null only if that database lacks it (then every legal-day question fails closed).</summary>
    internal static readonly DateTimeZone? Amsterdam = DateTimeZoneProviders.Tzdb.GetZoneOrNull(ZoneId);

    /// <summary>The TZDB version the legal day is computed with (e.g. <c>2025b</c>), for the record.</summary>
    public static string TzdbVersion => DateTimeZoneProviders.Tzdb.VersionId;

    /// <summary>
    /// The legal day at <paramref name="instant"/>, or false when the Netherlands' zone rules are unavailable. Callers
    /// that decide (the disclosure gate) fail closed on false; there is never a fallback to UTC.
    /// </summary>
    public static bool TryLegalDay(DateTimeOffset instant, out DateOnly day) => TryLegalDay(Amsterdam, instant, out day);

    /// <summary>The legal day at <paramref name="instant"/>; throws when the zone rules are unavailable (never falls back to UTC).</summary>
    public static DateOnly LegalDay(DateTimeOffset instant) =>
        TryLegalDay(instant, out var day)
            ? day
            : throw new InvalidOperationException($"The time-zone rules of the Netherlands ({ZoneId}) are not available, so the legal day cannot be established.");

    /// <summary>The instant as Dutch local time (with its offset); throws when the zone rules are unavailable.</summary>
    public static DateTimeOffset InNetherlands(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone()).ToDateTimeOffset();

    /// <summary>
    /// A Dutch wall-clock time as an instant. A time skipped when the clocks go forward is moved past the gap; a time
    /// that occurs twice when they go back is taken the first time (NodaTime's lenient resolver).
    /// </summary>
    public static DateTimeOffset FromNetherlandsLocal(DateTime local) =>
        LocalDateTime.FromDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)).InZoneLeniently(Zone()).ToDateTimeOffset();

    private static DateTimeZone Zone() =>
        Amsterdam ?? throw new InvalidOperationException($"The time-zone rules of the Netherlands ({ZoneId}) are not available.");

    /// <summary>The day in <paramref name="zone"/> at <paramref name="instant"/>; false when there is no zone (tests pass null to prove the gate fails closed).</summary>
    internal static bool TryLegalDay(DateTimeZone? zone, DateTimeOffset instant, out DateOnly day)
    {
        if (zone is null)
        {
            day = default;
            return false;
        }

        var local = Instant.FromDateTimeOffset(instant).InZone(zone).Date;
        day = new DateOnly(local.Year, local.Month, local.Day);
        return true;
    }
}
