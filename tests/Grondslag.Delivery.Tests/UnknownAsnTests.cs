using Grondslag.Delivery.Csv;
using Grondslag.Delivery.Misp;
using Grondslag.Delivery.Stix;
using Grondslag.Domain.Disclosure;

namespace Grondslag.Delivery.Tests;

/// <summary>AS 0 is reserved (RFC 7607): an address whose network is unknown is delivered without an ASN, never as AS 0.</summary>
public sealed class UnknownAsnTests
{
    private static ReleasedShare Mixed() =>
        TestShares.Release(
            TestShares.Party("cert-fr", "CERT-FR", "FR", "cert-fr@contacts.example", null),
            [
                TestShares.Indicator("198.51.100.7", "FR", 0, ""),
                TestShares.Indicator("198.51.100.9", "FR", 64500, "Example Telecom FR"),
            ],
            shareId: "share-fr-asn0");

    [Fact]
    public void StixBuild_UnknownAsn_NoAutonomousSystemZeroAndNoReferenceFromTheAddress()
    {
        var objects = new StixBundleWriter(SenderIdentity.Ncsc).Build(Mixed())["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
        var systems = objects.Where(o => (string?)o["type"] == "autonomous-system").ToList();
        Assert.Equal([64500u], systems.Select(s => s["number"]!.GetValue<uint>()));
        var unknown = objects.Single(o => (string?)o["type"] == "ipv4-addr" && (string?)o["value"] == "198.51.100.7");
        Assert.False(unknown.ContainsKey("belongs_to_refs"));
        var known = objects.Single(o => (string?)o["type"] == "ipv4-addr" && (string?)o["value"] == "198.51.100.9");
        Assert.Single(known["belongs_to_refs"]!.AsArray());
        Assert.DoesNotContain(objects, o => ((string?)o["description"] ?? "").Contains("AS0", StringComparison.Ordinal));
    }

    [Fact]
    public void CsvWrite_UnknownAsn_LeavesTheAsnCellEmpty()
    {
        var rows = ShareCsv.Write(Mixed()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("198.51.100.7,,", rows.Single(r => r.StartsWith("198.51.100.7", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.StartsWith("198.51.100.9,64500,", rows.Single(r => r.StartsWith("198.51.100.9", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void MispBuild_UnknownAsn_NoAsAttributeForZero()
    {
        var attributes = new MispEventWriter(SenderIdentity.Ncsc).Build(Mixed())["Event"]!["Attribute"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(["64500"], attributes.Where(a => (string?)a["type"] == "AS").Select(a => (string?)a["value"]));
    }
}
