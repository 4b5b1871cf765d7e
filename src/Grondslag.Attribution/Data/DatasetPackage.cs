using System.Collections.Immutable;

namespace Grondslag.Attribution.Data;

/// <summary>A pinned npm package of address data and the files kept from it.</summary>
public sealed record DatasetPackage(string Name, string Version, ImmutableArray<string> Files)
{
    /// <summary>The version every pinned package is installed at.</summary>
    public const string PinnedVersion = "2.3.2026061719";

    /// <summary>Country per range (CC0), from RIR whois and ASN data.</summary>
    public static DatasetPackage Country { get; } = new(
        "@ip-location-db/geo-whois-asn-country",
        PinnedVersion,
        ["geo-whois-asn-country-ipv4.csv", "geo-whois-asn-country-ipv6.csv", "NRO_LICENSE", "README.md", "package.json"]);

    /// <summary>ASN and organisation per range (CC BY 4.0: RouteViews, DB-IP, NRO).</summary>
    public static DatasetPackage Asn { get; } = new(
        "@ip-location-db/asn",
        PinnedVersion,
        ["asn-ipv4.csv", "asn-ipv6.csv", "DBIP-LICENSE", "ROUTEVIEWS-LICENSE", "NRO_LICENSE", "MODIFICATIONS", "README.md", "package.json"]);

    /// <summary>The country data in MaxMind DB form, for comparison and as an alternative source.</summary>
    public static DatasetPackage CountryMmdb { get; } = new(
        "@ip-location-db/geo-whois-asn-country-mmdb",
        PinnedVersion,
        ["geo-whois-asn-country.mmdb", "NRO_LICENSE", "README.md", "package.json"]);

    public static ImmutableArray<DatasetPackage> Required { get; } = [Country, Asn];

    /// <summary>The directory name under the data directory, e.g. <c>asn@2.3.2026061719</c>.</summary>
    public string DirectoryName => $"{Name[(Name.IndexOf('/', StringComparison.Ordinal) + 1)..]}@{Version}";
}
