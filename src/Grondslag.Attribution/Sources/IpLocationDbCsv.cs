using System.Globalization;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Text;

namespace Grondslag.Attribution.Sources;

/// <summary>Reads the ip-location-db range CSVs: <c>first,last,CC</c> and <c>first,last,asn,"organisation"</c>.</summary>
public static class IpLocationDbCsv
{
    /// <summary>Adds every <c>first,last,country</c> row of <paramref name="path"/>; throws naming the line on bad data.</summary>
    public static void ReadCountries(string path, Action<IpAddress, IpAddress, CountryCode> add) =>
        ReadRanges(path, (IpAddress first, IpAddress last, ref Csv.FieldEnumerator fields, long number, string line) =>
        {
            if (!fields.MoveNext() || !CountryCode.TryParse(fields.Current.ToString(), out var country))
            {
                throw Bad(path, number, line, "the third field must be a two-letter country code");
            }

            add(first, last, country);
        });

    /// <summary>Adds every <c>first,last,asn,organisation</c> row of <paramref name="path"/>.</summary>
    public static void ReadAsns(string path, Action<IpAddress, IpAddress, uint, string> add)
    {
        var organisations = new Dictionary<string, string>(StringComparer.Ordinal);
        ReadRanges(path, (IpAddress first, IpAddress last, ref Csv.FieldEnumerator fields, long number, string line) =>
        {
            if (!fields.MoveNext() || !uint.TryParse(fields.Current, NumberStyles.None, CultureInfo.InvariantCulture, out var asn))
            {
                throw Bad(path, number, line, "the third field must be an AS number");
            }

            var organisation = "";
            if (fields.MoveNext())
            {
                var text = fields.CurrentQuoted ? Csv.Unescape(fields.Current) : fields.Current.ToString();
                if (!organisations.TryGetValue(text, out var shared))
                {
                    organisations[text] = shared = text;
                }

                organisation = shared;
            }

            add(first, last, asn, organisation);
        });
    }

    /// <summary>The rest of one row after its <c>first,last</c> range.</summary>
    private delegate void RowReader(IpAddress first, IpAddress last, ref Csv.FieldEnumerator rest, long number, string line);

    /// <summary>The one loop both readers share: every non-empty line's range, then the rest of its fields.</summary>
    private static void ReadRanges(string path, RowReader read)
    {
        var number = 0L;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = new Csv.FieldEnumerator(line);
            var first = NextAddress(ref fields, path, number, line);
            var last = NextAddress(ref fields, path, number, line);
            read(first, last, ref fields, number, line);
        }
    }

    private static IpAddress NextAddress(ref Csv.FieldEnumerator fields, string path, long number, string line)
    {
        if (!fields.MoveNext() || !IpAddressParser.TryParseAddress(fields.Current, out var address, out var error))
        {
            throw Bad(path, number, line, "the first two fields must be IP addresses");
        }

        return error == AddressSyntaxError.None ? address : throw Bad(path, number, line, IpAddressParser.Describe(error));
    }

    private static InvalidDataException Bad(string path, long number, string line, string what) =>
        new($"{path}, line {number}: '{(line.Length > 100 ? line[..100] + "…" : line)}': {what}. The dataset may be damaged; run 'grondslag data install' again.");
}
