using System.Globalization;
using Grondslag.Domain.Law;
using Grondslag.Domain.Time;

namespace Grondslag.Server.Web;

/// <summary>How the UI writes times and verdicts: one format everywhere, Dutch time stated.</summary>
public static class Display
{
    /// <summary>Dutch time from the product's own zone rules (NodaTime's TZDB), never the host's and never UTC in disguise.</summary>
    public static string Time(DateTimeOffset at) =>
        LegalCalendar.InNetherlands(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (NL)";

    /// <summary>The verdict's CSS class, shared with the world map's classes.</summary>
    public static string Css(Verdict verdict) => "verdict-" + verdict.ToWire();

    public static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Permitted => "Permitted",
        Verdict.Conditional => "Conditional",
        Verdict.AdviceRequired => "Advice required",
        Verdict.Prohibited => "Prohibited",
    };
}
