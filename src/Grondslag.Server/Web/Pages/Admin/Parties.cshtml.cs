using Grondslag.Application.Cases;
using Grondslag.Application.Parties;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Parties;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Grondslag.Server.Web.Pages.Admin;

/// <summary>
/// The party registry as loaded: constituency, channels and keys per party, with a warning per party whose key is a
/// placeholder, missing, revoked or expiring; and the import of parties' OpenPGP public keys
/// (<see cref="IImportPartyKeys"/>, as the API and the CLI): the report per key, and a registry change only as a
/// proposal a second administrator approves on the activation page.
/// </summary>
[Authorize(Policy = WebComposition.Administrators)]
public sealed class PartiesModel(ISharingContext sharing, IRecipientKeyWarnings keys, IImportPartyKeys import, IStringLocalizerFactory texts) : PageModel
{
    private const long MaxKeyFileBytes = 1 << 20;

    private readonly IStringLocalizer L = PageText.For(texts, "Admin/Parties");

    public PartyRegistry Registry => sharing.Parties;

    public KeyImportReport? Report { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<RecipientKeyWarning> WarningsFor(Party party) => party.Self ? [] : keys.For(party);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostImportKeysAsync(List<IFormFile>? files, string? party, CancellationToken cancellationToken)
    {
        if (WebComposition.ActorOf(User, [Role.Administrator]) is not { } actor)
        {
            return Forbid();
        }

        var read = new List<KeyFile>();
        foreach (var file in files ?? [])
        {
            if (file.Length is 0 or > MaxKeyFileBytes)
            {
                Error = L["Choose one or more ASCII-armoured public key files (.asc), each at most 1 MiB."].Value;
                return Page();
            }

            using var reader = new StreamReader(file.OpenReadStream());
            read.Add(new KeyFile(Path.GetFileName(file.FileName), await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)));
        }

        if (read.Count == 0)
        {
            Error = L["Choose one or more ASCII-armoured public key files (.asc), each at most 1 MiB."].Value;
            return Page();
        }

        var outcome = await import.ExecuteAsync(read, string.IsNullOrWhiteSpace(party) ? null : party, actor, cancellationToken).ConfigureAwait(false);
        Report = outcome.Value;
        Error = outcome.Refusal?.For(System.Globalization.CultureInfo.CurrentUICulture);
        return Page();
    }

    public string StatusText(KeyImportStatus status) => status switch
    {
        KeyImportStatus.Proposed => L["proposed"].Value,
        KeyImportStatus.Registered => L["in the keyring"].Value,
        KeyImportStatus.Refused => L["refused"].Value,
    };
}
