using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Delivery.Taxii;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Authorization;

namespace Grondslag.Server.Taxii;

/// <summary>How many TAXII requests run at once (<c>Grondslag:Taxii:MaxConcurrentRequests</c>, default 16); the rest queue.</summary>
internal sealed class TaxiiConcurrency(IConfiguration configuration) : IDisposable
{
    public const string MaxConcurrentRequests = "Grondslag:Taxii:MaxConcurrentRequests";

    public SemaphoreSlim Semaphore { get; } = new(Math.Max(1, configuration.GetValue<int?>(MaxConcurrentRequests) ?? 16));

    public void Dispose() => Semaphore.Dispose();
}

/// <summary>
/// A read-only TAXII 2.1 server: discovery, one API root, and for each recipient exactly one collection, its own.
/// Any other collection id — another recipient's or one that does not exist — is the same 404, so a recipient
/// learns nothing about what else exists. Every read of objects, manifest or versions is a receipt in the audit log.
/// </summary>
internal static class TaxiiEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    private const string ApiRoot = "/taxii2/api/";

    public static void Map(IEndpointRouteBuilder app)
    {
        var policy = new AuthorizationPolicyBuilder(TaxiiBasicHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(GrondslagClaims.Party).Build();
        var taxii = app.MapGroup("/taxii2").WithTags("taxii").RequireAuthorization(policy).AddEndpointFilter(async (context, next) =>
        {
            if (!AcceptsTaxii(context.HttpContext.Request))
            {
                return TaxiiErrors.Result(StatusCodes.Status406NotAcceptable, "Not acceptable", $"This server answers {TaxiiMedia.Taxii}.");
            }

            // Bounded: pulls beyond the limit wait their turn instead of exhausting database connections.
            var gate = context.HttpContext.RequestServices.GetRequiredService<TaxiiConcurrency>();
            await gate.Semaphore.WaitAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            finally
            {
                gate.Semaphore.Release();
            }
        });
        taxii.MapGet("/", Discovery);
        taxii.MapGet("/api/", Root);
        taxii.MapGet("/api/collections/", Collections);
        taxii.MapGet("/api/collections/{collectionId}/", Collection);
        taxii.MapGet("/api/collections/{collectionId}/objects/", ObjectsAsync);
        taxii.MapGet("/api/collections/{collectionId}/objects/{objectId}/", ObjectAsync);
        taxii.MapGet("/api/collections/{collectionId}/objects/{objectId}/versions/", VersionsAsync);
        taxii.MapGet("/api/collections/{collectionId}/manifest/", ManifestAsync);
    }

    private static bool AcceptsTaxii(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Length == 0 || accept.Contains("*/*", StringComparison.Ordinal)
            || accept.Contains("application/taxii+json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("version=2.0", StringComparison.Ordinal);
    }

    private static IResult Discovery() => Taxii(new JsonObject
    {
        ["title"] = "Grondslag TAXII server",
        ["description"] = "Threat information released to you by NCSC-NL after a recorded decision. Read-only.",
        ["contact"] = "cert@ncsc.nl",
        ["default"] = ApiRoot,
        ["api_roots"] = new JsonArray(ApiRoot),
    });

    private static IResult Root() => Taxii(new JsonObject
    {
        ["title"] = "Grondslag shares",
        ["description"] = "One collection: the shares released to you.",
        ["versions"] = new JsonArray(TaxiiMedia.Taxii),
        ["max_content_length"] = 0,
    });

    private static IResult Collections(ClaimsPrincipal user, ISharingContext sharing) =>
        Taxii(new JsonObject { ["collections"] = new JsonArray(CollectionResource(PartyOf(user), sharing)) });

    private static IResult Collection(string collectionId, ClaimsPrincipal user, ISharingContext sharing) =>
        Owns(user, collectionId) ? Taxii(CollectionResource(PartyOf(user), sharing)) : NotFound();

    private static JsonObject CollectionResource(string party, ISharingContext sharing) => new()
    {
        ["id"] = TaxiiCollections.IdOf(party),
        ["title"] = $"Released to {sharing.Parties.Find(party)?.Name ?? party}",
        ["description"] = "STIX 2.1 objects of every share released to you; withdrawn shares appear as new, revoked versions.",
        ["can_read"] = true,
        ["can_write"] = false,
        ["media_types"] = new JsonArray(TaxiiMedia.Stix),
    };

    private static async Task<IResult> ObjectsAsync(string collectionId, HttpContext http, ITaxiiCollectionQueries collections, IAuditTrail audit, CancellationToken ct)
    {
        if (!Owns(http.User, collectionId))
        {
            return NotFound();
        }

        if (Filter.Parse(http.Request.Query, null) is not { } filter)
        {
            return BadFilter();
        }

        var page = await collections.PageAsync(collectionId, filter.Query, ct).ConfigureAwait(false);
        await ReceiptAsync(audit, http.User, collectionId, "objects", page, ct).ConfigureAwait(false);
        return Paged(http, page, "objects", new JsonArray([.. page.Objects.Select(r => JsonNode.Parse(r.Json))]));
    }

    private static async Task<IResult> ObjectAsync(string collectionId, string objectId, HttpContext http, ITaxiiCollectionQueries collections, IAuditTrail audit, CancellationToken ct)
    {
        if (!Owns(http.User, collectionId))
        {
            return NotFound();
        }

        if (Filter.Parse(http.Request.Query, objectId) is not { } filter)
        {
            return BadFilter();
        }

        var page = await collections.PageAsync(collectionId, filter.Query, ct).ConfigureAwait(false);
        if (page.Objects.Count == 0 && !await collections.HoldsAsync(collectionId, objectId, ct).ConfigureAwait(false))
        {
            return NotFound();
        }

        await ReceiptAsync(audit, http.User, collectionId, "object", page, ct).ConfigureAwait(false);
        return Paged(http, page, "objects", new JsonArray([.. page.Objects.Select(r => JsonNode.Parse(r.Json))]));
    }

    private static async Task<IResult> VersionsAsync(string collectionId, string objectId, HttpContext http, ITaxiiCollectionQueries collections, IAuditTrail audit, CancellationToken ct)
    {
        if (!Owns(http.User, collectionId))
        {
            return NotFound();
        }

        if (Filter.Parse(http.Request.Query, objectId, defaultVersion: "all") is not { } filter)
        {
            return BadFilter();
        }

        var page = await collections.PageAsync(collectionId, filter.Query, ct).ConfigureAwait(false);
        if (page.Objects.Count == 0)
        {
            return NotFound();
        }

        await ReceiptAsync(audit, http.User, collectionId, "versions", page, ct).ConfigureAwait(false);
        return Paged(http, page, "versions", new JsonArray([.. page.Objects.Select(r => (JsonNode)r.Version)]));
    }

    private static async Task<IResult> ManifestAsync(string collectionId, HttpContext http, ITaxiiCollectionQueries collections, IAuditTrail audit, CancellationToken ct)
    {
        if (!Owns(http.User, collectionId))
        {
            return NotFound();
        }

        if (Filter.Parse(http.Request.Query, null) is not { } filter)
        {
            return BadFilter();
        }

        var page = await collections.PageAsync(collectionId, filter.Query, ct).ConfigureAwait(false);
        await ReceiptAsync(audit, http.User, collectionId, "manifest", page, ct).ConfigureAwait(false);
        return Paged(http, page, "objects", new JsonArray([.. page.Objects.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.ObjectId,
            ["date_added"] = TaxiiMedia.Timestamp(r.DateAdded),
            ["version"] = r.Version,
            ["media_type"] = r.MediaType,
        })]));
    }

    /// <summary>The receipt: who pulled what from which collection, in its own transaction.</summary>
    private static Task ReceiptAsync(IAuditTrail audit, ClaimsPrincipal user, string collectionId, string endpoint, TaxiiPage page, CancellationToken ct) =>
        audit.AppendAsync(new AuditRecord("taxii.pull", PartyOf(user), "recipient", null, collectionId, new JsonObject
        {
            ["endpoint"] = endpoint,
            ["count"] = page.Objects.Count,
            ["objects"] = new JsonArray([.. page.Objects.Select(r => (JsonNode)$"{r.ObjectId}@{r.Version}")]),
            ["shares"] = new JsonArray([.. page.Objects.Select(r => r.ShareId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(s => (JsonNode)s)]),
            ["more"] = page.More,
        }), ct);

    private static IResult Paged(HttpContext http, TaxiiPage page, string property, JsonArray items)
    {
        if (page.Objects.Count > 0)
        {
            http.Response.Headers["X-TAXII-Date-Added-First"] = TaxiiMedia.Timestamp(page.Objects[0].DateAdded);
            http.Response.Headers["X-TAXII-Date-Added-Last"] = TaxiiMedia.Timestamp(page.Objects[^1].DateAdded);
        }

        var body = new JsonObject { ["more"] = page.More };
        if (page.More)
        {
            body["next"] = page.Objects[^1].DateAdded.ToString(CultureInfo.InvariantCulture);
        }

        if (items.Count > 0)
        {
            body[property] = items;
        }

        return Taxii(body);
    }

    private static bool Owns(ClaimsPrincipal user, string collectionId) =>
        string.Equals(TaxiiCollections.IdOf(PartyOf(user)), collectionId, StringComparison.Ordinal);

    private static string PartyOf(ClaimsPrincipal user) => user.FindFirst(GrondslagClaims.Party)?.Value ?? throw new InvalidOperationException("A TAXII client without a party.");

    private static IResult Taxii(JsonObject body) => Results.Bytes(Encoding.UTF8.GetBytes(body.ToJsonString()), TaxiiMedia.Taxii);

    /// <summary>The one answer for a collection or object the client may not see, whether or not it exists.</summary>
    private static IResult NotFound() => TaxiiErrors.Result(StatusCodes.Status404NotFound, "Not found", "No such collection or object.");

    private static IResult BadFilter() => TaxiiErrors.Result(StatusCodes.Status400BadRequest, "Bad filter",
        "Use added_after=<timestamp>, limit=1..1000, next=<value from the previous page>, match[id]=, match[type]=, match[version]=last|first|all|<timestamp>.");

    /// <summary>The TAXII filter parameters of a request.</summary>
    private sealed record Filter(long After, int Limit, string[]? Ids, string[]? Types, bool All, bool First, bool Last, string[] Versions)
    {
        public static Filter? Parse(IQueryCollection query, string? objectId, string defaultVersion = "last")
        {
            long after = 0;
            if (query.TryGetValue("added_after", out var addedAfter) && !TaxiiMedia.TryParse(addedAfter, out after))
            {
                return null;
            }

            if (query.TryGetValue("next", out var next))
            {
                if (!long.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
                {
                    return null;
                }

                after = Math.Max(after, cursor);
            }

            var limit = DefaultLimit;
            if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
            {
                return null;
            }

            limit = Math.Min(limit, MaxLimit);
            var ids = objectId is not null ? [objectId] : List(query, "match[id]");
            var versions = List(query, "match[version]") ?? [defaultVersion];
            var specific = versions.Where(v => v is not ("all" or "first" or "last")).ToList();
            if (specific.Any(v => !TaxiiMedia.TryParse(v, out _)))
            {
                return null;
            }

            return new Filter(after, limit, ids, List(query, "match[type]"), versions.Contains("all"), versions.Contains("first"), versions.Contains("last"), [.. specific]);
        }

        private static string[]? List(IQueryCollection query, string name) =>
            query.TryGetValue(name, out var values)
                ? [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]
                : null;

        /// <summary>The filter as the collection query takes it.</summary>
        public TaxiiFilter Query => new(After, Limit, Ids, Types, All, First, Last, Versions);
    }
}
