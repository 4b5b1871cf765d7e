using System.Xml.Linq;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Presentation.Tests;

public sealed class WorldMapTests
{
    private static readonly Dictionary<CountryCode, CountryShade> Shades = new()
    {
        [CountryCode.Parse("FR")] = new(966, Verdict.Permitted, "CERT-FR"),
        [CountryCode.Parse("US")] = new(2506, Verdict.Prohibited, "CISA"),
        [CountryCode.Parse("BR")] = new(600, null, null),
    };

    [Fact]
    public void Render_IsWellFormedSvgWithEveryCountryOnce()
    {
        var svg = XDocument.Parse(WorldMap.Render(Shades, "Shares of case 1"));

        var paths = svg.Descendants().Where(e => e.Name.LocalName == "path").ToList();
        Assert.True(paths.Count >= 170, $"{paths.Count} countries");
        Assert.Equal(paths.Count, paths.Select(p => (string?)p.Attribute("data-country")).Distinct().Count());
        Assert.Contains(paths, p => (string?)p.Attribute("data-country") == "NL");
    }

    [Theory]
    [InlineData("FR", "verdict-permitted", "966 indicators — permitted for CERT-FR")]
    [InlineData("US", "verdict-prohibited", "prohibited for CISA")]
    [InlineData("BR", "verdict-unserved", "no lawful recipient")]
    [InlineData("DE", "verdict-none", "Germany")]
    public void Render_ColoursEachCountryByItsShareVerdict(string code, string css, string title)
    {
        var svg = XDocument.Parse(WorldMap.Render(Shades, "t"));

        var path = svg.Descendants().Single(e => e.Name.LocalName == "path" && (string?)e.Attribute("data-country") == code);
        Assert.Contains(css, (string?)path.Attribute("class"), StringComparison.Ordinal);
        Assert.Contains(title, path.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RecipientNameIsEncoded()
    {
        var shades = new Dictionary<CountryCode, CountryShade> { [CountryCode.Parse("FR")] = new(1, Verdict.Permitted, "<script>alert(1)</script>") };

        var svg = WorldMap.Render(shades, "<b>title</b>");

        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
    }
}
