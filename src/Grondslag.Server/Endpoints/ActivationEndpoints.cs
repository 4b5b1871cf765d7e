using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Attribution.Parties;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Grondslag.Rules;
using Grondslag.Server.Composition;
using Grondslag.Storage;
using Grondslag.Storage.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>Rule-set activation and its optional configured Cbw entry into force.</summary>
public sealed record RuleSetActivationRequest(string? CbwEntryIntoForce);

/// <summary>
/// Administration of the reference data the decisions rest on: activating a party registry and a rule set.
/// Nothing invalid is ever activated: a registry that does not load, or a rule set that does not load or whose
/// scenarios fail, is refused with every problem named, and what was in force stays in force.
/// </summary>
internal static class ActivationEndpoints
{
    private const int MaxRegistryBytes = 4 << 20;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("admin");
        group.MapGet("/rule-set", RuleSet).Roles(Role.Administrator, Role.Auditor);
        group.MapPost("/rule-set/activation", ActivateRuleSetAsync).Roles(Role.Administrator);
        group.MapPut("/parties", ActivatePartiesAsync).Roles(Role.Administrator).Accepts<string>("application/yaml", "text/plain");
    }

    private static Ok<JsonObject> RuleSet(LoadedSharingContext sharing)
    {
        var book = sharing.Evaluator.Book;
        return TypedResults.Ok(new JsonObject
        {
            ["sha256"] = book.Sha256,
            ["regimes"] = new JsonArray([.. book.Regimes.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["title"] = r.Title,
                ["rules"] = r.Rules.Length,
                ["inForce"] = book.InForce(r.Id)?.ToString(),
            })]),
            ["overlays"] = new JsonArray([.. book.Overlays.Select(o => (JsonNode)o.Id)]),
            ["rulesToVerify"] = book.Regimes.Concat(book.Overlays).SelectMany(s => s.Rules).Count(r => r.Verify),
        });
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ActivateRuleSetAsync(
        RuleSetActivationRequest body, ClaimsPrincipal user, LoadedSharingContext sharing, GrondslagDbContext db, IAuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(user, Role.Administrator);
        RuleBook book;
        int scenarioCount;
        try
        {
            var date = RuleBookLoader.ParseConfiguredDate(body.CbwEntryIntoForce, "cbwEntryIntoForce");
            book = RuleBookLoader.Load(sharing.RulesDirectory, date);
            var results = Scenarios.RunAll(new LegalEvaluator(book), sharing.RulesDirectory);
            var failed = results.Where(r => !r.Passed).ToList();
            if (failed.Count > 0)
            {
                return Problems.Of(new Refusal(RefusalKind.Prohibited,
                    $"Not activated: {failed.Count} scenario(s) fail: " + string.Join(" | ", failed.Select(f => $"{f.Scenario.File}:{f.Scenario.Line} {f.Scenario.Name}: {string.Join("; ", f.Failures)}"))));
            }

            scenarioCount = results.Length;
        }
        catch (RuleBookException ex)
        {
            return Problems.Invalid("Not activated: " + string.Join(" | ", ex.Errors.Select(e => e.ToString())));
        }

        var row = new ActivationRow
        {
            Kind = ActivationRow.RuleSet,
            Sha256 = book.Sha256,
            CbwEntryIntoForce = body.CbwEntryIntoForce?.Trim() is { Length: > 0 } d ? d : null,
            ActivatedBy = actor.Name,
            ActivatedAt = clock.GetUtcNow(),
        };
        await RecordAsync(db, audit, row, new AuditRecord("rule-set.activate", actor.Name, actor.Role.ToWire(), null, book.Sha256, new JsonObject
        {
            ["sha256"] = book.Sha256,
            ["cbwEntryIntoForce"] = row.CbwEntryIntoForce,
            ["scenariosPassed"] = scenarioCount,
            ["previous"] = sharing.Evaluator.Book.Sha256,
        }), cancellationToken).ConfigureAwait(false);
        sharing.Activate(new LegalEvaluator(book));
        return TypedResults.Ok(new JsonObject { ["sha256"] = book.Sha256, ["scenariosPassed"] = scenarioCount, ["cbwEntryIntoForce"] = row.CbwEntryIntoForce });
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ActivatePartiesAsync(
        HttpRequest request, ClaimsPrincipal user, LoadedSharingContext sharing, GrondslagDbContext db, IAuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = Actors.Of(user, Role.Administrator);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length is 0 or > MaxRegistryBytes)
        {
            return Problems.Invalid($"Send the party registry as YAML in the body (at most {MaxRegistryBytes / (1 << 20)} MiB).");
        }

        var bytes = buffer.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var yaml = Encoding.UTF8.GetString(bytes);
        PartyRegistry registry;
        try
        {
            registry = PartyRegistryLoader.Load("uploaded registry", yaml, sha);
        }
        catch (PartyRegistryException ex)
        {
            return Problems.Invalid("Not activated: " + string.Join(" | ", ex.Errors));
        }

        var row = new ActivationRow { Kind = ActivationRow.Parties, Sha256 = sha, Content = yaml, ActivatedBy = actor.Name, ActivatedAt = clock.GetUtcNow() };
        await RecordAsync(db, audit, row, new AuditRecord("party-registry.activate", actor.Name, actor.Role.ToWire(), null, sha, new JsonObject
        {
            ["sha256"] = sha,
            ["parties"] = registry.Parties.Length,
            ["previous"] = sharing.Parties.Sha256,
        }), cancellationToken).ConfigureAwait(false);
        sharing.Activate(registry);
        return TypedResults.Ok(new JsonObject { ["sha256"] = sha, ["parties"] = registry.Parties.Length.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>The activation and its audit entry commit together.</summary>
    private static async Task RecordAsync(GrondslagDbContext db, IAuditTrail audit, ActivationRow row, AuditRecord record, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        db.Set<ActivationRow>().Add(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
