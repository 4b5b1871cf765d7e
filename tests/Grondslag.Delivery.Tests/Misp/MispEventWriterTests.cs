using System.Text.Json.Nodes;
using Grondslag.Delivery.Misp;
using Grondslag.Domain.Law;

namespace Grondslag.Delivery.Tests.Misp;

public sealed class MispEventWriterTests
{
    private static readonly MispEventWriter Writer = new(SenderIdentity.Ncsc);

    [Fact]
    public void Build_Share_HasTheEventFieldsMispImports()
    {
        var e = Writer.Build(TestShares.France())["Event"]!;
        Assert.Contains("COATHANGER", (string)e["info"]!, StringComparison.Ordinal);
        Assert.Equal("2024-06-10", (string)e["date"]!);
        Assert.Equal("2", (string)e["threat_level_id"]!);
        Assert.Equal("2", (string)e["analysis"]!);
        Assert.Equal("0", (string)e["distribution"]!);
        Assert.True(Guid.TryParse((string)e["uuid"]!, out _));
        var tags = e["Tag"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.Equal("tlp:amber", tags[0]);
        Assert.Single(tags, t => t.StartsWith("tlp:", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_Attributes_IpDstForDetectionAndAsForContext()
    {
        var share = TestShares.France();
        var attributes = Writer.Build(share)["Event"]!["Attribute"]!.AsArray().Select(a => a!.AsObject()).ToList();
        var ips = attributes.Where(a => (string)a["type"]! == "ip-dst").ToList();
        Assert.Equal(["198.51.100.7", "198.51.100.9", "2001:db8::42"], ips.Select(a => (string)a["value"]!));
        Assert.All(ips, a => Assert.True((bool)a["to_ids"]!));
        var systems = attributes.Where(a => (string)a["type"]! == "AS").ToList();
        Assert.Equal(["64500", "64501"], systems.Select(a => (string)a["value"]!));
        Assert.All(systems, a => Assert.False((bool)a["to_ids"]!));
        Assert.All(attributes, a => Assert.Contains(share.Assessment.Basis[0].Short, (string)a["comment"]!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TlpLevel.Clear, "tlp:clear")]
    [InlineData(TlpLevel.Green, "tlp:green")]
    [InlineData(TlpLevel.Amber, "tlp:amber")]
    [InlineData(TlpLevel.AmberStrict, "tlp:amber+strict")]
    [InlineData(TlpLevel.Red, "tlp:red")]
    public void Build_Tlp_UsesTheMispTaxonomyTag(TlpLevel level, string tag)
    {
        var e = Writer.Build(TestShares.France(tlp: level));
        Assert.Equal(tag, (string)e["Event"]!["Tag"]![0]!["name"]!);
        Assert.NotNull(JsonNode.Parse(Json.Indented(e)));
    }
}
