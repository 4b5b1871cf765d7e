namespace Grondslag.Attribution.Data;

/// <summary>Which dataset produced an attribution: recorded with every result so it can be reproduced.</summary>
/// <param name="Name">The dataset's name, e.g. <c>@ip-location-db/geo-whois-asn-country</c>.</param>
/// <param name="Version">The dataset's version, e.g. <c>2.3.2026061719</c>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 over the dataset content (see <see cref="DataManifest.ContentSha256"/>).</param>
public sealed record DatasetIdentity(string Name, string Version, string Sha256)
{
    public override string ToString() => $"{Name}@{Version} (sha256 {Sha256})";
}
