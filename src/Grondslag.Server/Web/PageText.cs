using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web;

/// <summary>
/// A page model's texts from the same resource file as its page (<c>Resources/Web/Pages/&lt;page&gt;.nl.resx</c>), so a
/// page and its model share one Dutch file: <c>PageText.For(factory, "Breaches/Index")</c>.
/// </summary>
public static class PageText
{
    private static readonly string Assembly = typeof(PageText).Assembly.GetName().Name!;

    public static IStringLocalizer For(IStringLocalizerFactory factory, string page)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(page);
        return factory.Create($"{Assembly}.Web.Pages.{page.Replace('/', '.')}", Assembly);
    }
}
