using System.Globalization;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Sources;

/// <summary>
/// Builds a <see cref="CountryTable"/> from RIR delegated(-extended) statistics files
/// (<c>registry|cc|type|start|value|date|status[|opaque-id]</c>): for ipv4 the value is a count of
/// addresses, for ipv6 a prefix length. Only allocated and assigned records with a country are used;
/// the version line, summary lines and comments are skipped.
/// </summary>
public static class RirDelegatedCountrySource
{
    public static CountryTable Load(IReadOnlyList<string> paths, string name = "rir-delegated-extended")
    {
        var builder = new CountryTableBuilder();
        foreach (var path in paths)
        {
            Read(path, builder);
        }

        var hashes = string.Join("\n", paths.Select(p => $"{Path.GetFileName(p)} {DataManifest.HashFile(p)}").Order(StringComparer.Ordinal));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(hashes)));
        var version = string.Join("+", paths.Select(Path.GetFileName));
        return builder.Build(new DatasetIdentity(name, version, sha));
    }

    public static void Read(string path, CountryTableBuilder builder)
    {
        var number = 0L;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('|');
            if (fields.Length < 7)
            {
                // The version line has 7 fields too but starts with a digit (e.g. "2|ripencc|..."): skipped below.
                continue;
            }

            var type = fields[2];
            if (fields[1] == "*" || fields[5] == "summary" || (type != "ipv4" && type != "ipv6"))
            {
                continue;
            }

            var status = fields[6];
            if (status != "allocated" && status != "assigned")
            {
                continue;
            }

            if (!CountryCode.TryParse(fields[1], out var country))
            {
                throw Bad(path, number, line, "the country field must be a two-letter code");
            }

            if (!IpAddress.TryParse(fields[3], out var start) || start.IsIPv4 != (type == "ipv4"))
            {
                throw Bad(path, number, line, $"the start field must be an {type} address");
            }

            if (!ulong.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw Bad(path, number, line, "the value field must be a number");
            }

            if (type == "ipv4")
            {
                if (value == 0 || start.IPv4Value + value - 1 > uint.MaxValue)
                {
                    throw Bad(path, number, line, "the ipv4 count runs past 255.255.255.255");
                }

                builder.Add(start, IpAddress.FromIPv4((uint)(start.IPv4Value + value - 1)), country);
            }
            else
            {
                if (value > 128)
                {
                    throw Bad(path, number, line, "the ipv6 prefix length must be 0-128");
                }

                var prefix = new IpPrefix(start, (int)value);
                builder.Add(prefix.First, prefix.Last, country);
            }
        }
    }

    private static InvalidDataException Bad(string path, long number, string line, string what) =>
        new($"{path}, line {number}: '{line}': {what} (format: registry|cc|type|start|value|date|status[|opaque-id]).");
}
