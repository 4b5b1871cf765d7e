using System.Globalization;
using Grondslag.Domain.Text;

namespace Grondslag.Server.Web;

/// <summary>
/// The domain's two-language texts in the language of the current request (set by the localisation middleware):
/// <c>@share.State.Human()</c> gives "Goedgekeurd" or "Approved", <c>@a.ExplanationText.Current()</c> the explanation.
/// </summary>
public static class HumanText
{
    /// <summary>The human label of a domain enum value (role, party kind, verdict, share state …) in the current UI language.</summary>
    public static string Human(this Enum value) => Grondslag.Domain.Text.Labels.Of(value).For(CultureInfo.CurrentUICulture);

    /// <summary>The text in the current UI language.</summary>
    public static string Current(this LocalText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.For(CultureInfo.CurrentUICulture);
    }
}
