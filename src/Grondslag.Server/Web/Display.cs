using System.Globalization;
using Grondslag.Domain.Law;

namespace Grondslag.Server.Web;

/// <summary>How the UI writes times and verdicts: one format everywhere, Dutch time stated.</summary>
public static class Display
{
    private static readonly TimeZoneInfo Amsterdam = FindAmsterdam();

    public static string Time(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Amsterdam).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (NL)";

    /// <summary>The verdict's CSS class, shared with the world map's classes.</summary>
    public static string Css(Verdict verdict) => "verdict-" + verdict.ToWire();

    public static string Label(Verdict verdict) => verdict switch
    {
        Verdict.Permitted => "Permitted",
        Verdict.Conditional => "Conditional",
        Verdict.AdviceRequired => "Advice required",
        Verdict.Prohibited => "Prohibited",
    };

    private static TimeZoneInfo FindAmsterdam()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
