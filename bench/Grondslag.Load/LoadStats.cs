using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Grondslag.Load;

/// <summary>Answers of one kind of request: latencies and counts per HTTP status (0 = no answer at all).</summary>
public sealed class KindStats
{
    private readonly List<double> _milliseconds = [];
    private readonly Dictionary<int, int> _statuses = [];

    public void Add(int status, double milliseconds)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(milliseconds);
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        }
    }

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public IReadOnlyDictionary<int, int> Statuses
    {
        get
        {
            lock (_milliseconds)
            {
                return new Dictionary<int, int>(_statuses);
            }
        }
    }

    /// <summary>The latency below which <paramref name="percent"/> % of the answers came (nearest rank).</summary>
    public double Percentile(double percent)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return 0;
            }

            var sorted = _milliseconds.Order().ToArray();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}

/// <summary>Everything one run measured.</summary>
public sealed class LoadReport
{
    public ConcurrentDictionary<string, KindStats> Kinds { get; } = new(StringComparer.Ordinal);

    public TimeSpan Elapsed { get; set; }

    public long ServerPeakBytes { get; set; }

    public int SeededCases { get; set; }

    public TimeSpan SeedTime { get; set; }

    public int Clients { get; set; }

    public string Provider { get; set; } = "";

    /// <summary>Transport failures (no HTTP answer) with their first message, for the report.</summary>
    public ConcurrentBag<string> Failures { get; } = [];

    public void Add(string kind, int status, double milliseconds) => Kinds.GetOrAdd(kind, _ => new KindStats()).Add(status, milliseconds);

    /// <summary>The first answer body of each kind and 4xx/5xx status, so that a report says why requests were refused.</summary>
    public ConcurrentDictionary<(string Kind, int Status), string> FirstRefusals { get; } = new();

    public void AddRefusal(string kind, int status, string body) =>
        FirstRefusals.TryAdd((kind, status), body.Length > 300 ? body[..300] + "…" : body);

    public int Total => Kinds.Values.Sum(k => k.Count);

    /// <summary>Answers with a 5xx status, plus requests that got no answer at all.</summary>
    public int ServerErrors => Kinds.Values.Sum(k => k.Statuses.Where(s => s.Key >= 500 || s.Key == 0).Sum(s => s.Value));

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        text.AppendLine(CultureInfo.InvariantCulture, $"{Provider}: {Clients} clients, {Elapsed.TotalSeconds:0} s, {SeededCases:N0} cases seeded in {SeedTime.TotalSeconds:0.0} s; "
            + $"{Total:N0} requests, {Total / seconds:0.0} requests/s; server peak memory {ServerPeakBytes / (1024.0 * 1024):0} MiB; "
            + $"5xx or no answer: {ServerErrors}.");
        text.AppendLine();
        text.AppendLine("| kind | requests | req/s | p50 ms | p95 ms | p99 ms | answers by status |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (kind, stats) in Kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var statuses = string.Join(", ", stats.Statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value:N0}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind} | {stats.Count:N0} | {stats.Count / seconds:0.0} | {stats.Percentile(50):0} | {stats.Percentile(95):0} | {stats.Percentile(99):0} | {statuses} |");
        }

        foreach (var ((kind, status), body) in FirstRefusals.OrderBy(r => r.Key.Kind, StringComparer.Ordinal).ThenBy(r => r.Key.Status))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- first {status} of {kind}: {body.ReplaceLineEndings(" ")}");
        }

        foreach (var failure in Failures.Take(5))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- no answer: {failure}");
        }

        return text.ToString();
    }
}
