using Grondslag.Domain.Time;

namespace Grondslag.Domain.Tests.Time;

public sealed class DateIntervalTests
{
    [Fact]
    public void Contains_BothEnds_AreInclusive()
    {
        var brexit = new DateInterval(new DateOnly(1973, 1, 1), new DateOnly(2020, 1, 31));

        Assert.True(brexit.Contains(new DateOnly(1973, 1, 1)));
        Assert.True(brexit.Contains(new DateOnly(2020, 1, 31)));
        Assert.False(brexit.Contains(new DateOnly(2020, 2, 1)));
        Assert.False(brexit.Contains(new DateOnly(1972, 12, 31)));
    }

    [Fact]
    public void Constructor_EndBeforeStart_Throws() =>
        Assert.Throws<ArgumentException>(() => new DateInterval(new DateOnly(2020, 1, 2), new DateOnly(2020, 1, 1)));

    [Fact]
    public void Overlaps_TouchingOnOneDay_Overlaps()
    {
        var a = new DateInterval(null, new DateOnly(2020, 1, 31));

        Assert.True(a.Overlaps(new DateInterval(new DateOnly(2020, 1, 31), null)));
        Assert.False(a.Overlaps(new DateInterval(new DateOnly(2020, 2, 1), null)));
    }
}
