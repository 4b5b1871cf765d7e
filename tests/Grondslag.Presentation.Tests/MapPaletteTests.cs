using System.Globalization;
using System.Xml.Linq;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Presentation.Tests;

/// <summary>
/// The map stays readable for colour-blind readers: under simulated deuteranopia and protanopia (Machado, Oliveira
/// and Fernandes 2009, severity 1) "permitted" and "prohibited" are far apart (CIE76 ΔE), every other pair of classes
/// is apart by colour or by pattern, and the Europe inset shows every EU state, Malta, Luxembourg and Cyprus included.
/// </summary>
public sealed class MapPaletteTests
{
    private static readonly double[,] Deuteranopia =
    {
        { 0.367322, 0.860646, -0.227968 },
        { 0.280085, 0.672501, 0.047413 },
        { -0.011820, 0.042940, 0.968881 },
    };

    private static readonly double[,] Protanopia =
    {
        { 0.152286, 1.052583, -0.204868 },
        { 0.114503, 0.786281, 0.099216 },
        { -0.003882, -0.048116, 1.051998 },
    };

    public static TheoryData<string> Deficiencies => ["deuteranopia", "protanopia"];

    private static readonly string[] EuStates =
        ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

    [Theory]
    [MemberData(nameof(Deficiencies))]
    public void Palette_UnderColourBlindness_PermittedAndProhibitedFarApart(string deficiency)
    {
        var matrix = deficiency == "deuteranopia" ? Deuteranopia : Protanopia;
        var delta = DeltaE(Simulate(WorldMap.Palette["permitted"], matrix), Simulate(WorldMap.Palette["prohibited"], matrix));
        Assert.True(delta >= 40, $"ΔE permitted/prohibited under {deficiency}: {delta:0.0}");
    }

    [Theory]
    [MemberData(nameof(Deficiencies))]
    public void Palette_UnderColourBlindness_EveryPairApartByColourOrPattern(string deficiency)
    {
        var matrix = deficiency == "deuteranopia" ? Deuteranopia : Protanopia;
        var classes = WorldMap.Palette.Keys.ToList();
        var close = new List<string>();
        foreach (var a in classes)
        {
            foreach (var b in classes.Where(b => string.CompareOrdinal(a, b) < 0))
            {
                var delta = DeltaE(Simulate(WorldMap.Palette[a], matrix), Simulate(WorldMap.Palette[b], matrix));
                var patternDiffers = WorldMap.Patterns.ContainsKey(a) != WorldMap.Patterns.ContainsKey(b);
                if (delta < 15 && !patternDiffers)
                {
                    close.Add($"{a}/{b}: ΔE {delta:0.0}");
                }
            }
        }

        Assert.True(close.Count == 0, string.Join("; ", close));
    }

    [Fact]
    public void Palette_TheStylesheetLegend_UsesTheMapColours()
    {
        var css = File.ReadAllText(Path.Combine(Grondslag.Testing.RepositoryRoot.Combine("src", "Grondslag.Server", "wwwroot", "css", "site.css")));
        foreach (var (name, colour) in WorldMap.Palette)
        {
            Assert.Contains($"--map-{name}: {colour.ToLowerInvariant()}", css.ToLowerInvariant(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RenderEurope_EveryEuState_IsDrawnAndTheSmallestAreMarkedPoints()
    {
        var shades = EuStates.ToDictionary(CountryCode.Parse, c => new CountryShade(1, Verdict.Permitted, "CSIRT " + c, "/cases/c/shares/" + c.ToLowerInvariant()));
        var svg = XDocument.Parse(WorldMap.RenderEurope(shades, "Europe"));
        var drawn = svg.Descendants().Where(e => e.Name.LocalName is "path" or "circle" && e.Attribute("data-country") is not null)
            .Select(e => (string)e.Attribute("data-country")!).ToHashSet(StringComparer.Ordinal);
        var missing = EuStates.Where(c => !drawn.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "Not drawn: " + string.Join(", ", missing));
        foreach (var small in new[] { "MT", "LU", "CY" })
        {
            var point = svg.Descendants().Single(e => e.Name.LocalName == "circle" && (string?)e.Attribute("data-country") == small);
            Assert.Equal("/cases/c/shares/" + small.ToLowerInvariant(), (string?)point.Attribute("data-href"));
            Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value == small);
        }
    }

    [Fact]
    public void Render_ProhibitedAndUnserved_CarryAPatternOverTheirColour()
    {
        var shades = new Dictionary<CountryCode, CountryShade>
        {
            [CountryCode.Parse("CA")] = new(10, Verdict.Prohibited, "CCCS"),
            [CountryCode.Parse("BR")] = new(5, null, null),
            [CountryCode.Parse("FR")] = new(5, Verdict.Permitted, "CERT-FR"),
        };
        var svg = XDocument.Parse(WorldMap.Render(shades, "t"));
        string Fill(string code) => (string)svg.Descendants().Single(e => e.Name.LocalName == "path" && (string?)e.Attribute("data-country") == code).Attribute("fill")!;
        Assert.Equal("url(#map-hatch)", Fill("CA"));
        Assert.Equal("url(#map-dots)", Fill("BR"));
        Assert.Equal(WorldMap.Palette["permitted"], Fill("FR"));
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "pattern" && (string?)e.Attribute("id") == "map-hatch");
    }

    private static double[] Simulate(string hex, double[,] m)
    {
        var rgb = new[] { 1, 3, 5 }.Select(i => Linear(int.Parse(hex.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0)).ToArray();
        return [.. Enumerable.Range(0, 3).Select(r => Math.Clamp(m[r, 0] * rgb[0] + m[r, 1] * rgb[1] + m[r, 2] * rgb[2], 0, 1))];
    }

    private static double Linear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    /// <summary>CIE76 ΔE between two linear-sRGB colours, through XYZ (D65) and CIELAB.</summary>
    private static double DeltaE(double[] a, double[] b)
    {
        var la = Lab(a);
        var lb = Lab(b);
        return Math.Sqrt(Math.Pow(la[0] - lb[0], 2) + Math.Pow(la[1] - lb[1], 2) + Math.Pow(la[2] - lb[2], 2));
    }

    private static double[] Lab(double[] rgb)
    {
        var x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        var y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        var z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        return [116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z))];
    }
}
