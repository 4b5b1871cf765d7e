using System.Collections.Concurrent;

namespace Grondslag.Server.Accounts;

/// <summary>
/// Slows down password guessing without letting anyone lock an account: failures are counted per source address and
/// per (source, user name), never per account alone, so an attacker elsewhere cannot lock out the administrator or a
/// duty officer. After <see cref="FreePerName"/> failures for one name from one source (or <see cref="FreePerSource"/>
/// from one source in total) each further attempt from there waits a delay that doubles, up to
/// <see cref="MaximumDelay"/>. A success from the source clears its count for that name. In memory, bounded in size.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int FreePerName = 5;

    public const int FreePerSource = 20;

    public static readonly TimeSpan MaximumDelay = TimeSpan.FromMinutes(15);

    /// <summary>A count is forgotten this long after its last failure.</summary>
    private static readonly TimeSpan Forget = TimeSpan.FromHours(1);

    private const int MaximumEntries = 100_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the source must still wait before trying this name again (zero: it may try now).</summary>
    public TimeSpan RetryAfter(string source, string userName)
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var (key, free) in Keys(source, userName))
        {
            if (_failures.TryGetValue(key, out var f) && now - f.Last < Forget && f.Count >= free)
            {
                var until = f.Last + Delay(f.Count - free + 1);
                if (until - now > wait)
                {
                    wait = until - now;
                }
            }
        }

        return wait;
    }

    public void Failed(string source, string userName)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaximumEntries)
        {
            foreach (var stale in _failures.Where(e => now - e.Value.Last >= Forget).Select(e => e.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }

            if (_failures.Count >= MaximumEntries)
            {
                _failures.Clear();
            }
        }

        foreach (var (key, _) in Keys(source, userName))
        {
            _failures.AddOrUpdate(key, _ => new Failures(1, now), (_, f) => now - f.Last >= Forget ? new Failures(1, now) : new Failures(f.Count + 1, now));
        }
    }

    public void Succeeded(string source, string userName) => _failures.TryRemove(NameKey(source, userName), out _);

    /// <summary>The delay before attempt number <paramref name="over"/> past the free ones: 1 s, 2 s, 4 s … up to the maximum.</summary>
    public static TimeSpan Delay(int over) =>
        over <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaximumDelay.TotalSeconds, Math.Pow(2, Math.Min(over - 1, 20))));

    private static (string Key, int Free)[] Keys(string source, string userName) => [(NameKey(source, userName), FreePerName), ("source\n" + source, FreePerSource)];

    private static string NameKey(string source, string userName) => "name\n" + source + "\n" + userName.ToUpperInvariant();

    private sealed record Failures(int Count, DateTimeOffset Last);
}
