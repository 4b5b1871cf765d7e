using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Activation;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>Rule-set activation and its optional configured Cbw entry into force.</summary>
public sealed record RuleSetActivationRequest(string? CbwEntryIntoForce);

/// <summary>One file of ASCII-armoured OpenPGP public keys: its name (for the report) and its text.</summary>
public sealed record KeyFileBody(string? Name, string? Armoured);

/// <summary>Keys to import: one or more files, and optionally the party they all belong to (a key rotation or a placeholder contact).</summary>
public sealed record PartyKeysRequest(string? Party, KeyFileBody[]? Files);

/// <summary>One key of an import: what happened to it and why.</summary>
public sealed record KeyImportLineView(string File, string Key, string? UserId, string? Party, string Status, string Reason);

/// <summary>The import's report; <see cref="Proposal"/> is set when registry entries change (approve at <see cref="Approve"/>).</summary>
public sealed record KeyImportView(KeyImportLineView[] Keys, int Imported, int Refused, long? Proposal, string? Approve);

/// <summary>An activation waiting for a second administrator's approval.</summary>
public sealed record ProposalView(long Proposal, string Kind, string Sha256, string? CbwEntryIntoForce, int ScenariosPassed, string ProposedBy, DateTimeOffset ProposedAt, string Approve);

/// <summary>What an approval brought into force.</summary>
public sealed record ActivationView(string Kind, string Sha256, string? CbwEntryIntoForce, string ProposedBy, string ApprovedBy, DateTimeOffset ActivatedAt);

/// <summary>
/// Administration of the reference data the decisions rest on: proposing a party registry or rule set, and a second
/// administrator approving it (<see cref="IProposeActivation"/>, <see cref="IApproveActivation"/>). Nothing invalid is
/// ever proposed, nothing comes into force without four eyes, and what was in force stays in force until then.
/// </summary>
internal static class ActivationEndpoints
{
    private const int MaxRegistryBytes = 4 << 20;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("admin");
        group.MapGet("/rule-set", RuleSet).Roles(Role.Administrator, Role.Auditor);
        group.MapPost("/rule-set/activation", ProposeRuleSetAsync).Roles(Role.Administrator);
        group.MapPut("/parties", ProposePartiesAsync).Roles(Role.Administrator).Accepts<string>("application/yaml", "text/plain");
        group.MapPost("/activation-proposals/{proposalId:long}/approval", ApproveAsync).Roles(Role.Administrator);
        group.MapPost("/parties/keys", ImportKeysAsync).Roles(Role.Administrator);
    }

    /// <summary>
    /// Imports parties' OpenPGP public keys (<see cref="Grondslag.Application.Parties.IImportPartyKeys"/>): usable keys go
    /// into the keyring, registry changes become a proposal (202 with its approval link), and every key gets a line.
    /// </summary>
    private static async Task<Results<Ok<KeyImportView>, Accepted<KeyImportView>, ProblemHttpResult>> ImportKeysAsync(
        PartyKeysRequest body, ClaimsPrincipal user, Grondslag.Application.Parties.IImportPartyKeys import, CancellationToken cancellationToken)
    {
        var files = (body.Files ?? []).Select((f, i) => new Grondslag.Application.Parties.KeyFile(
            string.IsNullOrWhiteSpace(f.Name) ? string.Create(CultureInfo.InvariantCulture, $"file {i + 1}") : f.Name.Trim(), f.Armoured ?? "")).ToList();
        var outcome = await import.ExecuteAsync(files, body.Party, Actors.Of(user, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            return Problems.Of(refusal);
        }

        var report = outcome.Value!;
        var approve = report.Proposal is { } p ? $"/api/admin/activation-proposals/{p.Id.ToString(CultureInfo.InvariantCulture)}/approval" : null;
        var view = new KeyImportView(
            [.. report.Keys.Select(k => new KeyImportLineView(k.File, k.Key, k.UserId, k.Party, k.Status.ToString().ToLowerInvariant(), k.Reason))],
            report.Keys.Count(k => k.Status != Grondslag.Application.Parties.KeyImportStatus.Refused),
            report.Keys.Count(k => k.Status == Grondslag.Application.Parties.KeyImportStatus.Refused),
            report.Proposal?.Id, approve);
        return approve is null ? TypedResults.Ok(view) : TypedResults.Accepted(approve, view);
    }

    private static Ok<JsonObject> RuleSet(IDescribeRuleSet describe)
    {
        var summary = describe.Execute();
        return TypedResults.Ok(new JsonObject
        {
            ["sha256"] = summary.Sha256,
            ["regimes"] = new JsonArray([.. summary.Regimes.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["title"] = r.Title,
                ["rules"] = r.Rules,
                ["inForce"] = r.InForce,
            })]),
            ["overlays"] = new JsonArray([.. summary.Overlays.Select(o => (JsonNode)o)]),
            ["rulesToVerify"] = summary.RulesToVerify,
        });
    }

    private static async Task<Results<Accepted<ProposalView>, ProblemHttpResult>> ProposeRuleSetAsync(
        RuleSetActivationRequest body, ClaimsPrincipal user, IProposeActivation propose, CancellationToken cancellationToken) =>
        View(await propose.RuleSetAsync(body.CbwEntryIntoForce, Actors.Of(user, Role.Administrator), cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Accepted<ProposalView>, ProblemHttpResult>> ProposePartiesAsync(
        HttpRequest request, ClaimsPrincipal user, IProposeActivation propose, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length is 0 or > MaxRegistryBytes)
        {
            return Problems.Invalid($"Send the party registry as YAML in the body (at most {MaxRegistryBytes / (1 << 20)} MiB).");
        }

        return View(await propose.PartiesAsync(buffer.ToArray(), Actors.Of(user, Role.Administrator), cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<ActivationView>, ProblemHttpResult>> ApproveAsync(
        long proposalId, ClaimsPrincipal user, IApproveActivation approve, CancellationToken cancellationToken)
    {
        var outcome = await approve.ExecuteAsync(proposalId, Actors.Of(user, Role.Administrator), cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            return Problems.Of(refusal);
        }

        var a = outcome.Value!;
        return TypedResults.Ok(new ActivationView(a.Version.Kind.ToWire(), a.Version.Sha256, a.Version.CbwEntryIntoForce, a.ProposedBy ?? "", a.ActivatedBy, a.ActivatedAt));
    }

    private static Results<Accepted<ProposalView>, ProblemHttpResult> View(Outcome<ActivationProposal> outcome)
    {
        if (outcome.Refusal is { } refusal)
        {
            return Problems.Of(refusal);
        }

        var p = outcome.Value!;
        var approve = $"/api/admin/activation-proposals/{p.Id.ToString(CultureInfo.InvariantCulture)}/approval";
        return TypedResults.Accepted(approve, new ProposalView(p.Id, p.Version.Kind.ToWire(), p.Version.Sha256, p.Version.CbwEntryIntoForce, p.ScenariosPassed, p.ProposedBy, p.ProposedAt, approve));
    }
}
