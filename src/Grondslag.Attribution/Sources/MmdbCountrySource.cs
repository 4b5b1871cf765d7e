using System.Net;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;
using MaxMind.Db;

namespace Grondslag.Attribution.Sources;

/// <summary>
/// Builds a <see cref="CountryTable"/> from a MaxMind DB file (MaxMind GeoLite2/GeoIP2 Country, DB-IP country
/// lite, ip-location-db), so a deployment can use its own licensed data. The country is read from
/// <c>country_code</c>, <c>country.iso_code</c> or <c>registered_country.iso_code</c>.
/// </summary>
public static class MmdbCountrySource
{
    public static CountryTable Load(string path)
    {
        using var reader = new Reader(path, FileAccessMode.Memory);
        var builder = new CountryTableBuilder();
        var ipv4Subtree = reader.Metadata.IPVersion == 6;
        foreach (var node in reader.FindAll<Dictionary<string, object>>())
        {
            if (CountryOf(node.Data) is not { } country)
            {
                continue;
            }

            var (first, last) = RangeOf(node.Start, node.PrefixLength);

            // In an IPv6 database the IPv4 space lives under ::/96 (and aliases such as ::ffff:0:0/96 and
            // 2002::/16); read ::a.b.c.d/n as the IPv4 block a.b.c.d/(n-96) and skip the other non-global space.
            if (ipv4Subtree && !first.IsIPv4)
            {
                if (last.Value <= uint.MaxValue && node.PrefixLength >= 96)
                {
                    (first, last) = (IpAddress.FromIPv4((uint)first.Value), IpAddress.FromIPv4((uint)last.Value));
                }
                else if (!SpecialPurposeAddresses.IsGloballyReachable(first) || first.Value >> 112 == 0x2002)
                {
                    continue;
                }
            }

            builder.Add(first, last, country);
        }

        var version = reader.Metadata.BuildDate.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return builder.Build(new DatasetIdentity(reader.Metadata.DatabaseType, version, DataManifest.HashFile(path)));
    }

    /// <summary>Reads the country an MMDB record gives, if any.</summary>
    public static CountryCode? CountryOf(IReadOnlyDictionary<string, object>? data)
    {
        if (data is null)
        {
            return null;
        }

        if (data.TryGetValue("country_code", out var flat) && flat is string code && CountryCode.TryParse(code, out var c1))
        {
            return c1;
        }

        foreach (var key in (ReadOnlySpan<string>)["country", "registered_country"])
        {
            if (data.TryGetValue(key, out var nested) && nested is IReadOnlyDictionary<string, object> inner
                && inner.TryGetValue("iso_code", out var iso) && iso is string isoCode && CountryCode.TryParse(isoCode, out var c2))
            {
                return c2;
            }
        }

        return null;
    }

    internal static (IpAddress First, IpAddress Last) RangeOf(IPAddress start, int prefixLength)
    {
        var bytes = start.GetAddressBytes();
        if (bytes.Length == 4)
        {
            var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
            var prefix = new IpPrefix(IpAddress.FromIPv4(value), prefixLength);
            return (prefix.First, prefix.Last);
        }

        var v6 = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var p6 = new IpPrefix(IpAddress.FromIPv6(v6), prefixLength);
        return (p6.First, p6.Last);
    }
}
