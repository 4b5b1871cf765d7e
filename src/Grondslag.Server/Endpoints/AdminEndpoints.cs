using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Grondslag.Server.Endpoints;

/// <summary>A new account: its roles and, for a recipient, its party.</summary>
public sealed record CreateAccountRequest(string? UserName, string[]? Roles, string? Party);

/// <summary>The new account and its one-time password (shown in this answer only).</summary>
public sealed record CreatedAccount(string UserName, string[] Roles, string? Party, string OneTimePassword);

/// <summary>A party in the registry, as the administrator sees it.</summary>
public sealed record PartySummary(string Id, string Name, string Kind, string Country);

/// <summary>Administration: accounts and the party registry.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("admin");
        group.MapPost("/accounts", CreateAccountAsync).Roles(Role.Administrator);
        group.MapGet("/parties", Parties).Roles(Role.Administrator);
    }

    private static async Task<Results<Created<CreatedAccount>, ProblemHttpResult>> CreateAccountAsync(
        CreateAccountRequest body, ClaimsPrincipal principal, UserManager<IdentityUser> users, ISharingContext sharing, IRecordAccountEvent record, CancellationToken cancellationToken)
    {
        var name = body.UserName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return Problems.Invalid("userName: name the account.");
        }

        var roles = new List<Role>();
        foreach (var text in body.Roles ?? [])
        {
            if (!CaseWire.TryParse<Role>(text, out var role))
            {
                return Problems.Invalid($"roles: '{text}' is not a role; use {string.Join(", ", Enum.GetValues<Role>().Select(r => r.ToWire()))}.");
            }

            roles.Add(role);
        }

        if (roles.Count == 0)
        {
            return Problems.Invalid("roles: give the account at least one role.");
        }

        if (roles.Contains(Role.Recipient) && (roles.Count > 1 || string.IsNullOrWhiteSpace(body.Party) || sharing.Parties.Find(body.Party.Trim()) is null))
        {
            return Problems.Invalid("party: a recipient account has only the recipient role and names a party of the registry (e.g. cert-fr).");
        }

        var password = ServerComposition.OneTimePassword();
        var user = new IdentityUser(name);
        var created = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The account could not be created",
                detail: string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRolesAsync(user, roles.Select(r => r.ToWire())).ConfigureAwait(false);
        var party = roles.Contains(Role.Recipient) ? body.Party!.Trim() : null;
        if (party is not null)
        {
            await users.AddClaimAsync(user, new Claim(GrondslagClaims.Party, party)).ConfigureAwait(false);
        }

        await record.ExecuteAsync("account.create", Actors.Of(principal, Role.Administrator), name, new JsonObject
        {
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r.ToWire())]),
            ["party"] = party,
        }, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/admin/accounts/{Uri.EscapeDataString(name)}", new CreatedAccount(name, [.. roles.Select(r => r.ToWire())], party, password));
    }

    private static Ok<PartySummary[]> Parties(ISharingContext sharing) =>
        TypedResults.Ok(sharing.Parties.Parties.Select(p => new PartySummary(p.Id, p.Name, Grondslag.Domain.Parties.RecipientKinds.ToWire(p.Kind), p.Country.Value)).ToArray());
}
