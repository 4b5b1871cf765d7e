using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;

namespace Grondslag.Presentation;

/// <summary>What one country shows on the map: how many indicators and the verdict for its share (none when no recipient).</summary>
public sealed record CountryShade(int Indicators, Verdict? Verdict, string? Recipient);

/// <summary>
/// A choropleth world map as inline SVG: each country coloured by the verdict on its share, with a title
/// giving the counts. Geometry: Natural Earth 1:110m (public domain), shipped with the app; see
/// scripts/build-world-map.py. Every text is HTML-encoded.
/// </summary>
public static class WorldMap
{
    private static readonly Lazy<Geometry> Shapes = new(Load);

    private sealed record Country(string Name, string D);

    private sealed record Geometry(double Width, double Height, IReadOnlyDictionary<string, Country> Countries, string Source);

    public static string Source => Shapes.Value.Source;

    public static IReadOnlyCollection<string> CountryCodes => [.. Shapes.Value.Countries.Keys];

    public static string Render(IReadOnlyDictionary<CountryCode, CountryShade> shades, string title)
    {
        ArgumentNullException.ThrowIfNull(shades);
        var g = Shapes.Value;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {g.Width} {g.Height}\" role=\"img\" aria-labelledby=\"map-title\" class=\"world-map\">");
        svg.Append("<title id=\"map-title\">").Append(WebUtility.HtmlEncode(title)).Append("</title>");
        foreach (var (code, country) in g.Countries.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var shade = CountryCode.TryParse(code, out var cc) && shades.TryGetValue(cc, out var s) ? s : null;
            var css = shade switch
            {
                null => "none",
                { Verdict: null } => "unserved",
                { Verdict: { } v } => v.ToWire(),
            };
            var label = shade is null
                ? country.Name
                : $"{country.Name} ({code}): {shade.Indicators.ToString(CultureInfo.InvariantCulture)} indicators — {(shade.Verdict is { } verdict ? $"{verdict.ToWire()} for {shade.Recipient}" : "no lawful recipient")}";
            svg.Append("<path class=\"country verdict-").Append(css).Append("\" data-country=\"").Append(code).Append("\" d=\"").Append(country.D).Append("\"><title>")
                .Append(WebUtility.HtmlEncode(label)).Append("</title></path>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static Geometry Load()
    {
        using var stream = typeof(WorldMap).Assembly.GetManifestResourceStream("Grondslag.Presentation.world-110m.json")
            ?? throw new InvalidOperationException("The world map asset is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var countries = root.GetProperty("countries").EnumerateObject()
            .ToDictionary(p => p.Name, p => new Country(p.Value.GetProperty("name").GetString()!, p.Value.GetProperty("d").GetString()!), StringComparer.Ordinal);
        return new Geometry(root.GetProperty("width").GetDouble(), root.GetProperty("height").GetDouble(), countries, root.GetProperty("source").GetString()!);
    }
}
