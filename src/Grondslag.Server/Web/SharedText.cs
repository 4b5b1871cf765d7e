namespace Grondslag.Server.Web;

/// <summary>
/// The marker for words used on many pages (buttons, labels, states). Pages take it as
/// <c>IStringLocalizer&lt;SharedText&gt;</c>; the key is the English text, the Dutch lives in
/// <c>Resources/Web/SharedText.nl.resx</c>.
/// </summary>
public sealed class SharedText;
