using System.Diagnostics;
using System.Globalization;

namespace Grondslag.Cli.Diagnostics;

/// <summary>
/// Where a command's time goes: with <c>GRONDSLAG_TIMINGS=1</c> every <see cref="Mark"/> prints the milliseconds
/// since the process started and since the previous mark to stderr (see docs/benchmarks.md). Off by default.
/// </summary>
internal static class Timings
{
    public const string Variable = "GRONDSLAG_TIMINGS";

    private static readonly bool Enabled = Environment.GetEnvironmentVariable(Variable) == "1";

    private static long _last = Stopwatch.GetTimestamp();

    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var sinceStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[timings] {phase,-24} +{Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds,8:0.0} ms   at {sinceStart,8:0.0} ms since process start"));
        _last = now;
    }
}
