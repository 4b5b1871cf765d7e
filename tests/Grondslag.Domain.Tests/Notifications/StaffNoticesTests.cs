using FsCheck.Xunit;
using Grondslag.Domain.Notifications;

namespace Grondslag.Domain.Tests.Notifications;

public sealed class StaffNoticesTests
{
    private static readonly DateTimeOffset Deadline = new(2024, 6, 12, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// For any moment (minute resolution, 3 days around a deadline): no reminder more than 24 hours before or after the
    /// deadline, the 24-hour mark between 24 and 4 hours before, the 4-hour mark in the last 4 hours — so a deadline
    /// yields at most two reminders, ever, and never both at once.
    /// </summary>
    [Property]
    public bool Mark_AnyMoment_NearestPassedMarkBeforeTheDeadlineOnly(int minutes)
    {
        var now = Deadline.AddMinutes(minutes % (3 * 24 * 60));
        var left = Deadline - now;
        var mark = StaffNotices.Mark(now, Deadline);
        return left <= TimeSpan.Zero || left > TimeSpan.FromHours(24) ? mark is null
            : left > TimeSpan.FromHours(4) ? mark == TimeSpan.FromHours(24)
            : mark == TimeSpan.FromHours(4);
    }

    [Fact]
    public void Due_NothingOpen_NoNotices() =>
        Assert.Empty(StaffNotices.Due(Deadline, [], [], []));
}
