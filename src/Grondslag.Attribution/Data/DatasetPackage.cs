using System.Collections.Immutable;

namespace Grondslag.Attribution.Data;

/// <summary>
/// A pinned npm package of address data, the files kept from it, and its Subresource-Integrity hash (<c>sha512-…</c>,
/// the registry's <c>dist.integrity</c> of that version) pinned here in the source: the installer refuses a tarball,
/// or a registry document, that does not match it, so a compromised registry or mirror cannot substitute data on
/// first use.
/// </summary>
public sealed record DatasetPackage(string Name, string Version, ImmutableArray<string> Files, string Integrity)
{
    /// <summary>The version every pinned package is installed at.</summary>
    public const string PinnedVersion = "2.3.2026061719";

    /// <summary>Country per range (CC0), from RIR whois and ASN data.</summary>
    public static DatasetPackage Country { get; } = new(
        "@ip-location-db/geo-whois-asn-country",
        PinnedVersion,
        ["geo-whois-asn-country-ipv4.csv", "geo-whois-asn-country-ipv6.csv", "NRO_LICENSE", "README.md", "package.json"],
        "sha512-9MQ3r2q+GDLwW+Mye5duWnHe3n1qB1ZcNUcM9P58CpdW86Gt44AgfIrem6Pcy/tbCHhQ70RJCLngQQyYnaEjbw==");

    /// <summary>ASN and organisation per range (CC BY 4.0: RouteViews, DB-IP, NRO).</summary>
    public static DatasetPackage Asn { get; } = new(
        "@ip-location-db/asn",
        PinnedVersion,
        ["asn-ipv4.csv", "asn-ipv6.csv", "DBIP-LICENSE", "ROUTEVIEWS-LICENSE", "NRO_LICENSE", "MODIFICATIONS", "README.md", "package.json"],
        "sha512-PpqYi7wyEyWwunXBtl+y3Vi403SvNywotWwvmiYCOUtE0SVol/Sf492Ee+eErEznmGapxEQB2SAfrpXuZ9a+vQ==");

    /// <summary>The country data in MaxMind DB form, for comparison and as an alternative source.</summary>
    public static DatasetPackage CountryMmdb { get; } = new(
        "@ip-location-db/geo-whois-asn-country-mmdb",
        PinnedVersion,
        ["geo-whois-asn-country.mmdb", "NRO_LICENSE", "README.md", "package.json"],
        "sha512-xemBDNQl4mCYDuVbqe3jKGKsVDykZGkfvebhtOh/3VGLadq8vsp7t7ontpMUt3hH7sAGT0eLDyJ99SV+0waxZg==");

    public static ImmutableArray<DatasetPackage> Required { get; } = [Country, Asn];

    /// <summary>The directory name under the data directory, e.g. <c>asn@2.3.2026061719</c>.</summary>
    public string DirectoryName => $"{Name[(Name.IndexOf('/', StringComparison.Ordinal) + 1)..]}@{Version}";
}
