using Grondslag.Application.Cases;
using Grondslag.Domain.Parties;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grondslag.Server.Web.Pages.Admin;

/// <summary>The party registry as loaded: constituency, channels and keys per party (read-only).</summary>
[Authorize(Policy = WebComposition.Administrators)]
public sealed class PartiesModel(ISharingContext sharing) : PageModel
{
    public PartyRegistry Registry => sharing.Parties;

    public void OnGet()
    {
    }
}
