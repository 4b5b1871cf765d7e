using Grondslag.Attribution.Data;
using Grondslag.Attribution.Routing;
using Grondslag.Attribution.Tables;
using Grondslag.Domain.Indicators;
using Grondslag.Domain.Parties;
using Grondslag.Domain.Time;

namespace Grondslag.Attribution.Tests.Routing;

/// <summary>
/// A small invented address world: block <c>i</c> is (20+i).0.0.0/16 and carries <see cref="Codes"/>[i] (EU territory,
/// overseas territories and pseudo-codes included); the block after the last has no country. The lower half of the NL block is
/// announced by AS1136 (KPN in the default registry), the upper half by an AS no party lists; the lower half of the
/// DE block by AS1136 too (a Dutch access provider's network abroad).
/// </summary>
internal static class SyntheticWorld
{
    public static readonly string[] Codes =
        ["FR", "RE", "GP", "MQ", "GF", "YT", "MF", "BL", "AX", "FI", "DE", "NL", "US", "CN", "GL", "BQ", "CW", "EU", "AP", "ZZ", "XK"];

    /// <summary>The territory facts of rules/facts/countries.yaml that routing needs (the Application tests check the file itself).</summary>
    public static readonly Territories Territories = new(
    [
        Eu("RE", "FR"), Eu("GP", "FR"), Eu("MQ", "FR"), Eu("GF", "FR"), Eu("MF", "FR"), Eu("AX", "FI"),
        new Territory(Cc("YT"), Cc("FR"), TerritoryStatus.OverseasCountryOrTerritory, new DateInterval(null, new DateOnly(2013, 12, 31)), "test", false),
        new Territory(Cc("YT"), Cc("FR"), TerritoryStatus.EuTerritory, new DateInterval(new DateOnly(2014, 1, 1), null), "test", false),
        new Territory(Cc("BL"), Cc("FR"), TerritoryStatus.EuTerritory, new DateInterval(null, new DateOnly(2011, 12, 31)), "test", false),
        new Territory(Cc("BL"), Cc("FR"), TerritoryStatus.OverseasCountryOrTerritory, new DateInterval(new DateOnly(2012, 1, 1), null), "test", false),
        Oct("GL", "DK"), Oct("BQ", "NL"), Oct("CW", "NL"),
    ]);

    public static readonly Lazy<AddressTables> Tables = new(() =>
    {
        var countries = new CountryTableBuilder();
        var asns = new AsnTableBuilder();
        for (var i = 0; i < Codes.Length; i++)
        {
            countries.Add(Address(i, 0), Address(i, 65535), Cc(Codes[i]));
        }

        var nl = Array.IndexOf(Codes, "NL");
        var de = Array.IndexOf(Codes, "DE");
        asns.Add(Address(nl, 0), Address(nl, 32767), 1136, "KPN B.V.");
        asns.Add(Address(nl, 32768), Address(nl, 65535), 64512, "Unlisted B.V.");
        asns.Add(Address(de, 0), Address(de, 32767), 1136, "KPN B.V.");
        var identity = new DatasetIdentity("synthetic", "1", new string('0', 64));
        return new AddressTables(countries.Build(identity), asns.Build(identity));
    });

    /// <summary>Address <paramref name="offset"/> of block <paramref name="block"/>; block <see cref="Codes"/>.Length is the unknown block.</summary>
    public static IpAddress Address(int block, int offset) => IpAddress.FromIPv4((uint)((20 + block) << 24) | (uint)(offset & 0xFFFF));

    public static AttributedAddresses Attribute(IEnumerable<IpAddress> addresses) =>
        AttributedAddresses.Attribute(IndicatorListParser.Parse("synthetic", string.Join('\n', addresses)), Tables.Value);

    public static CountryCode Cc(string code) => CountryCode.Parse(code);

    private static Territory Eu(string code, string state) =>
        new(Cc(code), Cc(state), TerritoryStatus.EuTerritory, DateInterval.Always, "test", false);

    private static Territory Oct(string code, string state) =>
        new(Cc(code), Cc(state), TerritoryStatus.OverseasCountryOrTerritory, DateInterval.Always, "test", false);
}
