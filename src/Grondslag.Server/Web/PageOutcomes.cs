using Grondslag.Domain.Cases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web;

/// <summary>
/// The one way a page maps a use case's outcome after a form post: forbidden when the user may not act, else the
/// refusal's reason or the success message in TempData, then back to the page (post/redirect/get).
/// </summary>
internal static class PageOutcomes
{
    public static async Task<IActionResult> RedirectAfterAsync<T>(this PageModel page, bool allowed, Func<Task<Outcome<T>>> change, Func<T, string> done, string back)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(done);
        if (!allowed)
        {
            return new ForbidResult();
        }

        var outcome = await change().ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            page.TempData["Error"] = refusal.For(System.Globalization.CultureInfo.CurrentUICulture);
        }
        else
        {
            page.TempData["Message"] = done(outcome.Value!);
        }

        return new RedirectResult(back);
    }
}
