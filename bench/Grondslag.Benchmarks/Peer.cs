using System.Globalization;
using System.Net;
using System.Text;
using MaxMind.Db;

namespace Grondslag.Benchmarks;

/// <summary>
/// The lookup-only peer of issue 15, the yardstick for <c>grondslag plan</c> in scripts/bench-whole-process.sh:
/// what a careful ten-line tool does with the same list — <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
/// on every line, one MaxMind.Db country lookup per address (the pinned <c>geo-whois-asn-country.mmdb</c>, read
/// as documented with <see cref="FileAccessMode.MemoryMapped"/>), and a count per country. No deduplication, no
/// ASN, no routing, no legal assessment: it does strictly less than a plan.
/// </summary>
internal static class Peer
{
    public static int Run(string indicators, string mmdb)
    {
        using var reader = new Reader(mmdb, FileAccessMode.MemoryMapped);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long lines = 0, parsed = 0;
        using var input = new StreamReader(indicators, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        while (input.ReadLine() is { } line)
        {
            lines++;
            if (!IPAddress.TryParse(line.AsSpan().Trim(), out var address))
            {
                continue;
            }

            parsed++;
            var record = reader.Find<Dictionary<string, object>>(address);
            var country = record is not null && record.TryGetValue("country_code", out var code) && code is string text ? text : "";
            counts[country] = counts.GetValueOrDefault(country) + 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{lines} lines, {parsed} addresses, {counts.Count} countries"));
        foreach (var (country, count) in counts.OrderByDescending(c => c.Value).Take(5))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(country.Length == 0 ? "--" : country)} {count}"));
        }

        return 0;
    }
}
