using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Review;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Review;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>Opening a breach: who the notification names as contact point.</summary>
public sealed record OpenBreachRequest(string? ContactPoint);

/// <summary>A recipient's confirmation of deletion.</summary>
public sealed record DeletionConfirmationRequest(string? Reference);

/// <summary>A submission of the notification to the Autoriteit Persoonsgegevens.</summary>
public sealed record NotificationRequest(string? Reference, string? Summary, string? DelayReasons);

/// <summary>The decision not to notify, with its reasons.</summary>
public sealed record NotNotifiedRequest(string? Reasons);

/// <summary>
/// When sharing had no basis: the retrospective review, the breach register, the 72-hour notification draft,
/// deletion requests and their confirmations, and the what-if report for the Cbw.
/// </summary>
internal static class BreachEndpoints
{
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);
    private static readonly Role[] Writers = [Role.DecisionMaker, Role.DutyOfficer, Role.LegalAdviser];
    private static readonly Role[] Readers = [Role.DecisionMaker, Role.DutyOfficer, Role.LegalAdviser, Role.Auditor];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/reviews", ReviewAsync).WithTags("breaches").Roles(Writers);
        app.MapGet("/api/reports/regime-comparison", CompareAsync).WithTags("breaches").Roles(Readers);
        var group = app.MapGroup("/api/breaches").WithTags("breaches");
        group.MapGet("/", ListAsync).Roles(Readers);
        group.MapPost("/", OpenAsync).Roles(Writers);
        group.MapGet("/{breachId}", GetAsync).Roles(Readers);
        group.MapGet("/{breachId}/notification", DraftAsync).Roles(Readers);
        group.MapPost("/{breachId}/deletions/{partyId}/confirmation", ConfirmDeletionAsync).Roles(Writers);
        group.MapPost("/{breachId}/notifications", NotifyAsync).Roles(Writers);
        group.MapPost("/{breachId}/not-notified", NotNotifiedAsync).Roles(Writers);
    }

    private static async Task<Ok<JsonObject>> ReviewAsync(ClaimsPrincipal user, IReviewDisclosures review, CancellationToken cancellationToken)
    {
        var report = await review.ExecuteAsync(Actors.Of(user, Writers), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new JsonObject
        {
            ["ruleSet"] = report.RuleSetSha256Now,
            ["disclosures"] = report.Findings.Length,
            ["withoutBasis"] = new JsonArray([.. report.WithoutBasis.Select(f => (JsonNode)new JsonObject
            {
                ["case"] = f.Disclosure.CaseId,
                ["share"] = f.Disclosure.ShareId,
                ["party"] = f.Disclosure.PartyId,
                ["recipient"] = f.Disclosure.Request.Recipient.Name,
                ["indicators"] = f.Disclosure.IndicatorCount,
                ["disclosedAt"] = f.Disclosure.DisclosedAt.ToString("O", CultureInfo.InvariantCulture),
                ["verdictThen"] = f.Disclosure.VerdictThen.ToWire(),
                ["verdictNow"] = f.Now.Verdict.ToWire(),
                ["rulesNow"] = new JsonArray([.. f.RulesThatNowSayNo.Select(r => (JsonNode)$"{r.Id} ({string.Join("; ", r.Citations.Select(c => c.Short))})")]),
            })]),
        });
    }

    private static async Task<Ok<JsonObject>> CompareAsync(ICompareRegimes compareRegimes, string? compare, CancellationToken cancellationToken)
    {
        var differences = await compareRegimes.ExecuteAsync(string.IsNullOrWhiteSpace(compare) ? "cbw" : compare.Trim(), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new JsonObject
        {
            ["shares"] = differences.Count,
            ["changes"] = new JsonArray([.. differences.Where(d => d.Changes).Select(d => (JsonNode)new JsonObject
            {
                ["case"] = d.CaseId,
                ["share"] = d.ShareId,
                ["recipient"] = d.Recipient,
                ["from"] = d.Under.Verdict.ToWire(),
                ["fromRegime"] = d.Under.RegimeId,
                ["to"] = d.Compared.Verdict.ToWire(),
                ["toRegime"] = d.Compared.RegimeId,
                ["because"] = new JsonArray([.. d.Compared.DeterminingRules.Select(r => (JsonNode)$"{r.Id} ({string.Join("; ", r.Citations.Select(c => c.Short))})")]),
                ["conditions"] = new JsonArray([.. d.Compared.Conditions.Where(c => !c.Met).Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["description"] = c.Description, ["descriptionNl"] = c.DescriptionText.Nl })]),
            })]),
        });
    }

    private static async Task<Results<Ok<JsonArray>, ProblemHttpResult>> ListAsync(
        string? after, int? limit, HttpContext http, IBreachRegister register, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Paging.Check(limit, "breaches") is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var breaches = await register.LatestAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new JsonArray([.. Paging.Page(breaches, b => b.Record.Id, after, limit, http).Select(b => (JsonNode)Summary(b, now))]));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> OpenAsync(
        OpenBreachRequest body, ClaimsPrincipal user, IOpenBreach openBreach, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.ContactPoint))
        {
            return Problems.Invalid("contactPoint: name the contact point for the supervisory authority (e.g. the data protection officer).");
        }

        var outcome = await openBreach.ExecuteAsync(Actors.Of(user, Writers), body.ContactPoint.Trim(), cancellationToken).ConfigureAwait(false);
        return outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.Ok(Detail(outcome.Value!, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string breachId, IBreachRegister register, TimeProvider clock, CancellationToken cancellationToken) =>
        await register.FindAsync(breachId, cancellationToken).ConfigureAwait(false) is { } b
            ? TypedResults.Ok(Detail(b, clock.GetUtcNow()))
            : Problems.NotFound($"There is no breach '{breachId}'.");

    private static async Task<Results<ContentHttpResult, Ok<JsonObject>, ProblemHttpResult>> DraftAsync(
        string breachId, string? format, string? lang, ClaimsPrincipal user, IBreachRegister register, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await register.FindAsync(breachId, cancellationToken).ConfigureAwait(false) is not { } b)
        {
            return Problems.NotFound($"There is no breach '{breachId}'.");
        }

        // The draft is text for a person: in the language asked (?lang=nl|en), else the reader's own (the account's
        // choice), else Dutch (the NCSC's staff and the AP's language). Problem details stay English.
        var language = string.IsNullOrWhiteSpace(lang) ? user.FindFirst(Grondslag.Server.Web.Localisation.LanguageClaim)?.Value ?? "nl" : lang;
        var draft = NotificationDraft.From(b.Record, clock.GetUtcNow(), language);
        return format == "markdown" ? TypedResults.Text(draft.ToMarkdown(), "text/markdown; charset=utf-8") : TypedResults.Ok(draft.ToJson());
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ConfirmDeletionAsync(
        string breachId, string partyId, DeletionConfirmationRequest body, ClaimsPrincipal user, IConfirmDeletion confirmDeletion, TimeProvider clock, CancellationToken cancellationToken) =>
        Answer(await confirmDeletion.ExecuteAsync(breachId, partyId, body.Reference ?? "", Actors.Of(user, Writers), cancellationToken).ConfigureAwait(false), clock);

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> NotifyAsync(
        string breachId, NotificationRequest body, ClaimsPrincipal user, IRecordNotification recordNotification, TimeProvider clock, CancellationToken cancellationToken) =>
        Answer(await recordNotification.ExecuteAsync(breachId, body.Reference ?? "", body.Summary ?? "", body.DelayReasons, Actors.Of(user, Writers), cancellationToken).ConfigureAwait(false), clock);

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> NotNotifiedAsync(
        string breachId, NotNotifiedRequest body, ClaimsPrincipal user, IDecideNotToNotify decideNotToNotify, TimeProvider clock, CancellationToken cancellationToken) =>
        Answer(await decideNotToNotify.ExecuteAsync(breachId, body.Reasons ?? "", Actors.Of(user, Writers), cancellationToken).ConfigureAwait(false), clock);

    private static Results<Ok<JsonObject>, ProblemHttpResult> Answer(Outcome<BreachVersion> outcome, TimeProvider clock) =>
        outcome.Refusal is { } refusal ? Problems.Of(refusal) : TypedResults.Ok(Detail(outcome.Value!, clock.GetUtcNow()));

    private static JsonObject Summary(BreachVersion b, DateTimeOffset now) => new()
    {
        ["id"] = b.Record.Id,
        ["title"] = b.Record.Title,
        ["awareAt"] = b.Record.AwareAt.ToString("O", CultureInfo.InvariantCulture),
        ["deadline"] = b.Record.Deadline.ToString("O", CultureInfo.InvariantCulture),
        ["deadlineStatus"] = b.Record.StatusAt(now) switch
        {
            DeadlineStatus.Settled => "settled",
            DeadlineStatus.Open => "open",
            DeadlineStatus.DueSoon => "due-soon",
            DeadlineStatus.Overdue => "overdue",
        },
        ["recipients"] = b.Record.Recipients.Length,
        ["deletionsConfirmed"] = b.Record.DeletionRequests.Count(d => d.Confirmed),
        ["version"] = b.Version,
    };

    private static JsonObject Detail(BreachVersion b, DateTimeOffset now)
    {
        var json = Summary(b, now);
        json["record"] = System.Text.Json.JsonSerializer.SerializeToNode(b.Record, Web);
        json["changedBy"] = b.ChangedBy;
        json["change"] = b.Change;
        return json;
    }
}
