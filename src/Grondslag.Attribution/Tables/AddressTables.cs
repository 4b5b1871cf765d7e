using System.Security.Cryptography;
using System.Text;
using Grondslag.Attribution.Data;
using Grondslag.Attribution.Sources;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;

namespace Grondslag.Attribution.Tables;

/// <summary>What the address data says about one address.</summary>
public readonly record struct AddressInfo(CountryCode? Country, uint Asn, string AsOrganisation);

/// <summary>The address data is missing or damaged; the message says how to install it.</summary>
public sealed class AddressDataException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The country and ASN tables together: built once from the installed ip-location-db CSVs (checked against their
/// manifests) into <see cref="CacheFileName"/> in the data directory, and memory-mapped from there by every later
/// process; rebuilt when the installed data changes (the file records the manifests' content hashes) or the file
/// is damaged.
/// </summary>
public sealed class AddressTables(CountryTable countries, AsnTable asns)
{
    /// <summary>
    /// The table file; its name carries the format version, so an older and a newer Grondslag sharing one data
    /// directory (during an upgrade) each keep their own file instead of rebuilding the other's on every start.
    /// </summary>
    public const string CacheFileName = "address-tables.v2.bin";

    public CountryTable Countries { get; } = countries;

    public AsnTable Asns { get; } = asns;

    /// <summary>Country, ASN and organisation of one address; unknown parts are null, 0 and empty.</summary>
    public AddressInfo Lookup(IpAddress address)
    {
        var record = Asns.FindRecord(address);
        return new AddressInfo(Countries.Find(address), Asns.AsnOf(record), Asns.OrganisationOf(record));
    }

    /// <summary>How <see cref="Load"/> got the tables: the mapped file's path, "csv" or "memory".</summary>
    public string LoadedFrom { get; private init; } = "memory";

    /// <summary>
    /// Loads the tables for the installed datasets in <paramref name="dataDirectory"/>, from the cache when it
    /// is current and intact, else by building them from the CSVs (and writing the cache).
    /// </summary>
    public static AddressTables Load(string dataDirectory, Action<string>? log = null)
    {
        var countryManifest = ManifestOf(dataDirectory, DatasetPackage.Country);
        var asnManifest = ManifestOf(dataDirectory, DatasetPackage.Asn);
        var sourceHash = SourceHash(countryManifest.Identity, asnManifest.Identity);
        var cachePath = Path.Combine(dataDirectory, CacheFileName);
        if (TableCache.TryRead(cachePath, sourceHash, out var cachedCountries, out var cachedAsns, out var problem))
        {
            return new AddressTables(cachedCountries!, cachedAsns!) { LoadedFrom = cachePath };
        }

        log?.Invoke($"Building address tables from the CSVs ({problem} in {cachePath}).");
        var tables = BuildFromCsv(dataDirectory, countryManifest, asnManifest);
        try
        {
            TableCache.Write(cachePath, sourceHash, tables.Countries, tables.Asns);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"Could not write the table cache {cachePath}: {e.Message}");
        }

        return tables;
    }

    /// <summary>Builds the tables from the installed CSVs, after checking them against their manifests.</summary>
    public static AddressTables BuildFromCsv(string dataDirectory, DataManifest countryManifest, DataManifest asnManifest)
    {
        var countryDirectory = DataDirectory.PackageDirectory(dataDirectory, DatasetPackage.Country);
        var asnDirectory = DataDirectory.PackageDirectory(dataDirectory, DatasetPackage.Asn);
        var problems = countryManifest.Verify(countryDirectory).Concat(asnManifest.Verify(asnDirectory)).ToList();
        if (problems.Count > 0)
        {
            throw new AddressDataException($"The address data in {dataDirectory} is damaged ({string.Join("; ", problems)}); run 'grondslag data install' to repair it.");
        }

        var countries = new CountryTableBuilder();
        var asns = new AsnTableBuilder();
        var countryTask = Task.Run(() =>
        {
            IpLocationDbCsv.ReadCountries(Path.Combine(countryDirectory, "geo-whois-asn-country-ipv4.csv"), countries.Add);
            IpLocationDbCsv.ReadCountries(Path.Combine(countryDirectory, "geo-whois-asn-country-ipv6.csv"), countries.Add);
            return countries.Build(countryManifest.Identity);
        });
        IpLocationDbCsv.ReadAsns(Path.Combine(asnDirectory, "asn-ipv4.csv"), asns.Add);
        IpLocationDbCsv.ReadAsns(Path.Combine(asnDirectory, "asn-ipv6.csv"), asns.Add);
        var asnTable = asns.Build(asnManifest.Identity);
        return new AddressTables(countryTask.GetAwaiter().GetResult(), asnTable) { LoadedFrom = "csv" };
    }

    private static DataManifest ManifestOf(string dataDirectory, DatasetPackage package) =>
        DataManifest.TryRead(DataDirectory.PackageDirectory(dataDirectory, package))
        ?? throw new AddressDataException(
            $"The address dataset {package.Name}@{package.Version} is not installed in {dataDirectory}. " +
            "Run 'grondslag data install' (with --data-dir DIR or GRONDSLAG_DATA to choose where).");

    private static string SourceHash(DatasetIdentity country, DatasetIdentity asn) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"tables v{TableCache.FormatVersion}\n{country.Name} {country.Version} {country.Sha256}\n{asn.Name} {asn.Version} {asn.Sha256}\n")));
}
