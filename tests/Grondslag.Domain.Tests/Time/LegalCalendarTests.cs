using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Grondslag.Domain.Time;

namespace Grondslag.Domain.Tests.Time;

/// <summary>The legal day is the calendar day in Amsterdam: midnight at 23:00 UTC in winter, 22:00 UTC in summer.</summary>
public sealed class LegalCalendarTests
{
    private static DateOnly Day(string instant) => LegalCalendar.LegalDay(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));

    private static DateOnly D(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    // Winter (CET, UTC+1): the day starts at 23:00 UTC the evening before.
    [InlineData("2024-01-15T22:59:59.999Z", "2024-01-15")]
    [InlineData("2024-01-15T23:00:00Z", "2024-01-16")]
    // Summer (CEST, UTC+2): at 22:00 UTC.
    [InlineData("2024-06-09T21:59:59.999Z", "2024-06-09")]
    [InlineData("2024-06-09T22:00:00Z", "2024-06-10")]
    // Last Sunday of March 2024 (31st): the day starts in CET, clocks go forward at 01:00 UTC, it ends in CEST.
    [InlineData("2024-03-30T22:59:59Z", "2024-03-30")]
    [InlineData("2024-03-30T23:00:00Z", "2024-03-31")]
    [InlineData("2024-03-31T00:59:59Z", "2024-03-31")]
    [InlineData("2024-03-31T01:00:00Z", "2024-03-31")]
    [InlineData("2024-03-31T21:59:59Z", "2024-03-31")]
    [InlineData("2024-03-31T22:00:00Z", "2024-04-01")]
    // Last Sunday of October 2024 (27th): starts in CEST, clocks go back at 01:00 UTC, ends in CET (a 25-hour day).
    [InlineData("2024-10-26T21:59:59Z", "2024-10-26")]
    [InlineData("2024-10-26T22:00:00Z", "2024-10-27")]
    [InlineData("2024-10-27T00:59:59Z", "2024-10-27")]
    [InlineData("2024-10-27T01:00:00Z", "2024-10-27")]
    [InlineData("2024-10-27T22:59:59Z", "2024-10-27")]
    [InlineData("2024-10-27T23:00:00Z", "2024-10-28")]
    // An offset in the input changes nothing: the instant counts.
    [InlineData("2024-06-10T01:30:00+05:00", "2024-06-09")]
    public void LegalDay_AtMidnightAndAcrossBothDstChanges_IsTheAmsterdamDay(string instant, string expected) =>
        Assert.Equal(D(expected), Day(instant));

    [Fact]
    public void TryLegalDay_WithoutAZone_FailsInsteadOfFallingBackToUtc()
    {
        Assert.False(LegalCalendar.TryLegalDay(null, DateTimeOffset.UnixEpoch, out _));
        Assert.True(LegalCalendar.TryLegalDay(DateTimeOffset.UnixEpoch, out _));
    }

    /// <summary>
    /// An oracle written from the law, independent of any zone database: since 1996 the Netherlands keep CET (UTC+1)
    /// with summer time (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
    /// (Directive 2000/84/EC and its predecessors).
    /// </summary>
    private static DateOnly Oracle(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var summerStart = LastSunday(utc.Year, 3).AddHours(1);
        var summerEnd = LastSunday(utc.Year, 10).AddHours(1);
        var offset = utc >= summerStart && utc < summerEnd ? 2 : 1;
        return DateOnly.FromDateTime(utc.AddHours(offset));
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Utc);
        return last.AddDays(-(int)last.DayOfWeek);
    }

    public static Arbitrary<DateTimeOffset> Instants() =>
        Gen.Choose(0, int.MaxValue)
            .Select(n => new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds((long)n * 1L % (40L * 365 * 86400)))
            .ToArbitrary();

    [Property(Arbitrary = [typeof(LegalCalendarTests)], MaxTest = 2000)]
    public bool LegalDay_ForRandomInstants_MatchesTheEuSummerTimeRule(DateTimeOffset instant) =>
        LegalCalendar.LegalDay(instant) == Oracle(instant);

    [Property(MaxTest = 500)]
    public bool LegalDay_NearEveryDstChange_MatchesTheEuSummerTimeRule(PositiveInt yearOffset, bool spring, int minutes)
    {
        var year = 1997 + (yearOffset.Get % 60);
        var change = LastSunday(year, spring ? 3 : 10).AddHours(1).AddMinutes(minutes % (26 * 60));
        var instant = new DateTimeOffset(change, TimeSpan.Zero);
        return LegalCalendar.LegalDay(instant) == Oracle(instant);
    }
}
