namespace Grondslag.Delivery.Tests;

/// <summary>A clock the test moves by hand, so waiting for a retry takes no real time.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
