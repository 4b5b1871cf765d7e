using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Presentation;

/// <summary>
/// What one country shows on the map: how many indicators and the verdict for its share (none when no recipient);
/// <see cref="Href"/> opens that share (the page follows it on a click; the counts table carries the same link).
/// </summary>
public sealed record CountryShade(int Indicators, Verdict? Verdict, string? Recipient, string? Href = null);

/// <summary>
/// A choropleth world map as inline SVG: each country coloured by the verdict on its share, with a title
/// giving the counts, and a Europe inset where every EU state can be seen (Malta, Luxembourg and Cyprus as marked
/// points). Colours come from the Okabe–Ito palette, which stays apart under the common colour-vision deficiencies,
/// and two classes carry a pattern too (prohibited: hatched; no recipient: dotted), so colour is never the only
/// cue. Geometry: Natural Earth 1:110m (public domain), shipped with the app; see scripts/build-world-map.py. Every
/// text is HTML-encoded.
/// </summary>
public static partial class WorldMap
{
    private static readonly Lazy<Geometry> Shapes = new(Load);

    private sealed record Country(string Name, string D, double CentreX, double CentreY, double Size);

    private sealed record Geometry(double Width, double Height, IReadOnlyDictionary<string, Country> Countries, string Source);

    /// <summary>The map's colour per class (the CSS class after "verdict-"); site.css uses the same colours for the legend.</summary>
    public static IReadOnlyDictionary<string, string> Palette { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["permitted"] = "#0072B2",
        ["conditional"] = "#F0E442",
        ["advice-required"] = "#E69F00",
        ["prohibited"] = "#D55E00",
        ["unserved"] = "#8C8C8C",
        ["none"] = "#E6E6E6",
    };

    /// <summary>The classes drawn with a pattern over their colour (so that colour is not the only cue).</summary>
    public static IReadOnlyDictionary<string, string> Patterns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prohibited"] = "map-hatch",
        ["unserved"] = "map-dots",
    };

    /// <summary>The Europe inset's window on the 960×480 equirectangular map: 25° W to 45° E, 72° N to 33° N.</summary>
    public static (double X, double Y, double Width, double Height) EuropeWindow => (413, 48, 187, 104);

    /// <summary>Small states the 1:110m data has no shape for (Malta) or that are too small to see: drawn as a marked point.</summary>
    private static readonly Dictionary<string, (string Name, double X, double Y)> Points = new(StringComparer.Ordinal)
    {
        ["MT"] = ("Malta", 518.4, 144.3),
    };

    private static readonly string[] Marked = ["MT", "LU", "CY"];

    public static string Source => Shapes.Value.Source;

    public static IReadOnlyCollection<string> CountryCodes => [.. Shapes.Value.Countries.Keys];

    /// <summary>The English name of a country on the map (or the code when the map has no shape for it).</summary>
    public static string NameOf(CountryCode code) =>
        Shapes.Value.Countries.TryGetValue(code.Value, out var c) ? c.Name : Points.TryGetValue(code.Value, out var p) ? p.Name : code.Value;

    /// <summary>The class of a shade: "none", "unserved" or the verdict's wire name.</summary>
    public static string ClassOf(CountryShade? shade) => shade switch
    {
        null => "none",
        { Verdict: null } => "unserved",
        { Verdict: { } v } => v.ToWire(),
    };

    public static string Render(IReadOnlyDictionary<CountryCode, CountryShade> shades, string title)
    {
        ArgumentNullException.ThrowIfNull(shades);
        var g = Shapes.Value;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {g.Width} {g.Height}\" role=\"img\" aria-labelledby=\"map-title\" class=\"world-map\">");
        svg.Append("<title id=\"map-title\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        svg.Append(Defs());
        foreach (var (code, country) in g.Countries.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            AppendCountry(svg, code, country, Shade(shades, code));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The Europe inset: the same shapes at about five times the scale, each shaded country labelled with its code,
    /// and the smallest EU states (Malta, Luxembourg, Cyprus) as marked, labelled points.
    /// </summary>
    public static string RenderEurope(IReadOnlyDictionary<CountryCode, CountryShade> shades, string title)
    {
        ArgumentNullException.ThrowIfNull(shades);
        var g = Shapes.Value;
        var (x, y, w, h) = EuropeWindow;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x} {y} {w} {h}\" role=\"img\" aria-labelledby=\"europe-title\" class=\"europe-map\">");
        svg.Append("<title id=\"europe-title\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        svg.Append(Defs("-eu"));
        var inWindow = g.Countries.Where(c => c.Value.CentreX > x - 20 && c.Value.CentreX < x + w + 20 && c.Value.CentreY > y - 20 && c.Value.CentreY < y + h + 20)
            .OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        foreach (var (code, country) in inWindow)
        {
            AppendCountry(svg, code, country, Shade(shades, code), "-eu");
        }

        var labels = new StringBuilder();
        foreach (var (code, country) in inWindow.Where(c => Shade(shades, c.Key) is not null && !Marked.Contains(c.Key)))
        {
            labels.Append(CultureInfo.InvariantCulture, $"<text class=\"map-label\" x=\"{country.CentreX:0.#}\" y=\"{country.CentreY:0.#}\">{code}</text>");
        }

        foreach (var code in Marked)
        {
            var (name, px, py) = g.Countries.TryGetValue(code, out var c) ? (c.Name, c.CentreX, c.CentreY) : Points[code];
            var shade = Shade(shades, code);
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"country map-point verdict-{ClassOf(shade)}\" data-country=\"{code}\"")
                .Append(Href(shade)).Append(CultureInfo.InvariantCulture, $" cx=\"{px:0.#}\" cy=\"{py:0.#}\" r=\"1.8\" fill=\"{Fill(shade, "-eu")}\"><title>")
                .Append(WebUtility.HtmlEncode(Label(name, code, shade))).Append("</title></circle>");
            labels.Append(CultureInfo.InvariantCulture, $"<text class=\"map-label\" x=\"{px + 2.4:0.#}\" y=\"{py + 1:0.#}\">{code}</text>");
        }

        svg.Append("<g aria-hidden=\"true\">").Append(labels).Append("</g></svg>");
        return svg.ToString();
    }

    private static CountryShade? Shade(IReadOnlyDictionary<CountryCode, CountryShade> shades, string code) =>
        CountryCode.TryParse(code, out var cc) && shades.TryGetValue(cc, out var s) ? s : null;

    private static void AppendCountry(StringBuilder svg, string code, Country country, CountryShade? shade, string suffix = "")
    {
        svg.Append("<path class=\"country verdict-").Append(ClassOf(shade)).Append("\" data-country=\"").Append(code).Append('"').Append(Href(shade))
            .Append(" fill=\"").Append(Fill(shade, suffix)).Append("\" d=\"").Append(country.D).Append("\"><title>")
            .Append(WebUtility.HtmlEncode(Label(country.Name, code, shade))).Append("</title></path>");
    }

    private static string Href(CountryShade? shade) =>
        shade?.Href is { } href ? " data-href=\"" + WebUtility.HtmlEncode(href) + "\"" : "";

    private static string Fill(CountryShade? shade, string suffix)
    {
        var css = ClassOf(shade);
        return Patterns.TryGetValue(css, out var pattern) ? $"url(#{pattern}{suffix})" : Palette[css];
    }

    private static string Label(string name, string code, CountryShade? shade) => shade is null
        ? name
        : $"{name} ({code}): {shade.Indicators.ToString(CultureInfo.InvariantCulture)} {(shade.Indicators == 1 ? "indicator" : "indicators")} — {(shade.Verdict is { } verdict ? $"{verdict.ToWire()} for {shade.Recipient}" : "no lawful recipient")}";

    /// <summary>The patterns: a colour with a dark hatch (prohibited) or dots (no recipient); ids differ per SVG on one page.</summary>
    private static string Defs(string suffix = "") =>
        "<defs>"
        + $"<pattern id=\"map-hatch{suffix}\" patternUnits=\"userSpaceOnUse\" width=\"2.5\" height=\"2.5\" patternTransform=\"rotate(45)\"><rect width=\"2.5\" height=\"2.5\" fill=\"{Palette["prohibited"]}\"/><rect width=\"0.8\" height=\"2.5\" fill=\"#3B1200\"/></pattern>"
        + $"<pattern id=\"map-dots{suffix}\" patternUnits=\"userSpaceOnUse\" width=\"2.5\" height=\"2.5\"><rect width=\"2.5\" height=\"2.5\" fill=\"{Palette["unserved"]}\"/><circle cx=\"1.25\" cy=\"1.25\" r=\"0.5\" fill=\"#FFFFFF\"/></pattern>"
        + "</defs>";

    private static Geometry Load()
    {
        using var stream = typeof(WorldMap).Assembly.GetManifestResourceStream("Grondslag.Presentation.world-110m.json")
            ?? throw new InvalidOperationException("The world map asset is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var countries = root.GetProperty("countries").EnumerateObject()
            .ToDictionary(p => p.Name, p => Shape(p.Value.GetProperty("name").GetString()!, p.Value.GetProperty("d").GetString()!), StringComparer.Ordinal);
        return new Geometry(root.GetProperty("width").GetDouble(), root.GetProperty("height").GetDouble(), countries, root.GetProperty("source").GetString()!);
    }

    /// <summary>A country with the centre of its largest ring's bounding box (where its label goes).</summary>
    private static Country Shape(string name, string d)
    {
        var best = (X: 0.0, Y: 0.0, Size: -1.0);
        foreach (var ring in d.Split('M', StringSplitOptions.RemoveEmptyEntries))
        {
            var numbers = Number().Matches(ring).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            if (numbers.Count < 2)
            {
                continue;
            }

            var xs = numbers.Where((_, i) => i % 2 == 0).ToList();
            var ys = numbers.Where((_, i) => i % 2 == 1).ToList();
            var size = (xs.Max() - xs.Min()) * (ys.Max() - ys.Min());
            if (size > best.Size)
            {
                best = ((xs.Max() + xs.Min()) / 2, (ys.Max() + ys.Min()) / 2, size);
            }
        }

        return new Country(name, d, best.X, best.Y, best.Size);
    }

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex Number();
}
