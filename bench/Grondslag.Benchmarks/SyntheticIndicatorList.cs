using System.Globalization;
using System.Text;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Benchmarks;

/// <summary>
/// Deterministic (seeded) lists of public addresses sampled from the real installed country ranges, so that
/// attribution gives the intended countries. Used for examples/coathanger-2024.txt and the parse benchmark.
/// </summary>
internal static class SyntheticIndicatorList
{
    /// <summary>~50 countries with weights: the EU members, the four third countries of the case, and others.</summary>
    public static readonly (string Country, int Weight)[] Countries =
    [
        ("US", 2600), ("GB", 900), ("CA", 500), ("JP", 700), ("DE", 1300), ("FR", 1000), ("IT", 900), ("ES", 800),
        ("NL", 700), ("PL", 600), ("SE", 350), ("BE", 300), ("AT", 250), ("CZ", 250), ("RO", 250), ("PT", 200),
        ("DK", 180), ("FI", 180), ("GR", 200), ("HU", 180), ("IE", 160), ("BG", 150), ("SK", 120), ("HR", 100),
        ("LT", 90), ("SI", 80), ("LV", 70), ("EE", 60), ("CY", 50), ("LU", 40), ("MT", 30),
        ("CN", 1200), ("KR", 500), ("AU", 400), ("NO", 200), ("CH", 250), ("NZ", 80), ("BR", 600), ("IN", 700),
        ("RU", 600), ("TR", 400), ("UA", 300), ("MX", 300), ("TW", 400), ("SG", 250), ("ZA", 200), ("AR", 200),
        ("ID", 250), ("VN", 300), ("IL", 150), ("TH", 200),
    ];

    /// <summary>Unique public addresses, <paramref name="ipv6Count"/> of them IPv6, in the given countries' ranges.</summary>
    public static List<IpAddress> Sample(AddressTables tables, string ipv4Csv, string ipv6Csv, int count, int ipv6Count, int seed)
    {
        var random = new Random(seed);
        var v4 = RangesByCountry(ipv4Csv);
        var v6 = RangesByCountry(ipv6Csv);
        var total = Countries.Sum(c => c.Weight);
        var result = new List<IpAddress>(count);
        var seen = new HashSet<IpAddress>();
        var v4Count = count - ipv6Count;
        foreach (var (country, weight) in Countries)
        {
            var want = (int)Math.Round((double)weight * v4Count / total);
            Fill(country, want, v4[country]);
        }

        // Top up or trim rounding differences with the largest country.
        Fill("US", v4Count - result.Count, v4["US"]);
        string[] v6Countries = ["DE", "NL", "FR", "US", "JP", "GB", "CA", "SE"];
        for (var i = 0; i < ipv6Count; i++)
        {
            var country = v6Countries[i % v6Countries.Length];
            Fill(country, 1, v6[country]);
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result));
        return result;

        void Fill(string country, int want, List<(UInt128 First, UInt128 Last)> ranges)
        {
            var code = CountryCode.Parse(country);
            var added = 0;
            while (added < want)
            {
                var (first, last) = ranges[random.Next(ranges.Count)];
                var span = last - first;
                var offset = span == 0 ? UInt128.Zero : new UInt128((ulong)random.NextInt64(), (ulong)random.NextInt64()) % (span + 1);
                var address = IpAddress.FromValue(first + offset);
                if (SpecialPurposeAddresses.IsGloballyReachable(address) && tables.Countries.Find(address) == code && seen.Add(address))
                {
                    result.Add(address);
                    added++;
                }
            }
        }
    }

    public static string Format(IEnumerable<IpAddress> addresses, string header)
    {
        var text = new StringBuilder(header);
        foreach (var address in addresses)
        {
            text.Append(address.ToString()).Append('\n');
        }

        return text.ToString();
    }

    private static Dictionary<string, List<(UInt128 First, UInt128 Last)>> RangesByCountry(string path)
    {
        var result = new Dictionary<string, List<(UInt128, UInt128)>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split(',');
            if (!result.TryGetValue(fields[2], out var list))
            {
                result[fields[2]] = list = [];
            }

            list.Add((IpAddress.Parse(fields[0]).Value, IpAddress.Parse(fields[1]).Value));
        }

        return result;
    }

    public static string ExampleHeader(int count, int ipv6) => string.Create(CultureInfo.InvariantCulture, $"""
        # SYNTHETIC example in the shape of the COATHANGER notification (Kamerstuk 30 821 nr. 239):
        # {count} unique, globally reachable addresses ({ipv6} of them IPv6) over {Countries.Length} countries.
        # These are NOT indicators of compromise. They were sampled (seed 20240610) from the country ranges of
        # @ip-location-db/geo-whois-asn-country 2.3.2026061719 so that attribution gives the intended countries.
        # Regenerate: dotnet run -c Release --project bench/Grondslag.Benchmarks -- generate-example examples/coathanger-2024.txt

        """);
}
