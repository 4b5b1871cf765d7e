using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Accounts;

/// <summary>
/// Sets (or, with an empty value, removes) the address an account's staff notices go to. One plain address of at most
/// 254 characters, no display name. Audited (<c>account.email</c>). Setting it does not end the person's sessions.
/// </summary>
public interface ISetAccountEmail
{
    Task<Outcome<string>> ExecuteAsync(string userName, string? email, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="ISetAccountEmail"/>
public sealed class SetAccountEmail(IAccountRegistry accounts, IRecordAccountEvent record) : ISetAccountEmail
{
    public async Task<Outcome<string>> ExecuteAsync(string userName, string? email, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(actor);
        if (userName.Length > DisableAccount.MaxUserName || await accounts.RolesOfAsync(userName, cancellationToken).ConfigureAwait(false) is null)
        {
            return new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no account '{(userName.Length > 64 ? userName[..64] + "…" : userName)}'.", $"Er is geen account '{(userName.Length > 64 ? userName[..64] + "…" : userName)}'."));
        }

        var address = email?.Trim() ?? "";
        if (address.Length > 0 && !IsPlainAddress(address))
        {
            return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("email: give one e-mail address such as name@ncsc.nl (no name, no spaces, at most 254 characters), or leave it empty to remove it.", "e-mail: geef één e-mailadres zoals naam@ncsc.nl (geen naam, geen spaties, hoogstens 254 tekens), of laat het leeg om het te verwijderen."));
        }

        if (await accounts.SetEmailAsync(userName, address.Length == 0 ? null : address, cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText("The account changed meanwhile: " + failed, "Het account is intussen gewijzigd: " + failed));
        }

        await record.ExecuteAsync("account.email", actor, userName, new JsonObject { ["email"] = address.Length == 0 ? null : address }, cancellationToken).ConfigureAwait(false);
        return Outcome<string>.Ok(address);
    }

    /// <summary>One address, nothing else: a local part and a domain, no name, spaces, list or quoting characters.</summary>
    public static bool IsPlainAddress(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return text.Length <= 254
            && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or ';' or '<' or '>' or '"' or '(' or ')' or '[' or ']' or '\\')
            && at > 0 && at < text.Length - 1 && text.IndexOf('@', at + 1) < 0;
    }
}
