using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Application.Parties;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Endpoints;

/// <summary>A new case. <c>tlp</c>: clear|green|amber|amber+strict|red; <c>purpose</c>: inform-victims|none; <c>urgency</c>: routine|urgent (urgent needs a deadline).</summary>
public sealed record CreateCaseRequest(string? Title, string? Source, string? Tlp, string? Purpose, bool ThirdPartyRule, bool OriginatorConsent, string? Urgency, DateTimeOffset? Deadline);

/// <summary>
/// Assess the latest import on a date (YYYY-MM-DD, default today in the Netherlands) under the regime in force then.
/// A <c>regime</c> other than the one in force is refused with a pointer to <c>POST /api/cases/{id}/what-ifs</c>: a what-if never becomes workflow shares.
/// </summary>
public sealed record AssessRequest(string? Date, string? Regime);

/// <summary>A what-if: assess under a regime that is not in force on the date (default today), stored beside the plan, never in the workflow.</summary>
public sealed record WhatIfRequest(string? Regime, string? Date);

/// <summary>Ask an adviser: <c>adviser</c> is legal|nctv.</summary>
public sealed record AdviceRequestBody(string? Adviser, string? Question, bool ExceptionalRisk);

/// <summary>An adviser's answer.</summary>
public sealed record AdviceAnswerBody(string? Advice);

/// <summary>Confirm a condition of a conditional share with the reference that proves it.</summary>
public sealed record ConfirmationBody(string? Condition, string? Reference);

/// <summary>A decision: <c>outcome</c> is approve|refuse.</summary>
public sealed record DecisionBody(string? Outcome, string? Motivation);

/// <summary>One decision for many shares: <c>outcome</c> is approve|refuse, the one motivation is recorded with each share's decision.</summary>
public sealed record BulkDecisionBody(string[]? ShareIds, string? Outcome, string? Motivation);

/// <summary>Release many approved shares in one act.</summary>
public sealed record BulkReleaseBody(string[]? ShareIds);

/// <summary>
/// One share's outcome in a bulk act: <c>ok</c> with the decision or release, or the refusal (kind, reason) for that
/// share alone. For a released share, <c>deliveries</c> says where each channel stood when the act answered:
/// <c>pending</c> (queued, running or to be retried), <c>delivered</c> or <c>failed</c> (the detail says why).
/// </summary>
public sealed record BulkShareOutcome<T>(string ShareId, bool Ok, T? Result, string? Refusal, string? Reason, ChannelStateView[]? Deliveries = null);

/// <summary>A bulk act's outcome per share, with counts.</summary>
public sealed record BulkOutcome<T>(int Succeeded, int Refused, BulkShareOutcome<T>[] Shares);

/// <summary>Offer the case to another official, with a note on its state.</summary>
public sealed record HandoverBody(string? To, string? Note);

/// <summary>A share with its full assessment (verdict, basis, conditions, explanation, alternatives).</summary>
public sealed record ShareDetail(ShareFile Share, string WaitingFor, JsonNode? Assessment, KeyWarningView[]? KeyWarnings = null);

/// <summary>
/// A warning about the recipient's OpenPGP key, shown before anyone approves: <see cref="Code"/> is placeholder, missing,
/// revoked, expired, no-encryption-key or expires-soon; <see cref="BlocksMail"/> says mail cannot go out (TAXII can).
/// </summary>
public sealed record KeyWarningView(string Code, string Party, string? Fingerprint, DateTimeOffset? Expires, bool BlocksMail, string Message, string MessageNl)
{
    public static KeyWarningView Of(Grondslag.Domain.Parties.RecipientKeyWarning w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new(w.Code, w.PartyId, w.Fingerprint, w.Expires, w.BlocksMail, w.Text.En, w.Text.Nl);
    }

    /// <summary>The warning as one text in both languages, for pages (<c>HumanText.Current</c>); the API gives both fields.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Grondslag.Domain.Text.LocalText Text => new(Message, MessageNl);
}

/// <summary>A decision as taken (the <see cref="ShareDecision"/> fields) and, for an approval, the warnings about the recipient's key.</summary>
public sealed record DecisionView(string Id, DecisionOutcome Outcome, string Motivation, string PreparedBy, string DecidedBy, Role DecidedAs, DateTimeOffset DecidedAt, KeyWarningView[] KeyWarnings);

/// <summary>
/// An import as stored (the <see cref="StoredImport"/> fields) with the form it was recognised as
/// (text|csv|misp-event|stix-bundle), each rejected line or object with its reason (at most 100; <c>rejected</c> is
/// the exact count), the case's originator conditions after the file's markings, and where they came from.
/// </summary>
public sealed record ImportView(
    string Id, string CaseId, string FileName, string Sha256, long Lines, int Accepted, long Rejected, long Bytes, string ImportedBy, DateTimeOffset ImportedAt,
    string Format, RejectedItemView[] RejectedItems, OriginatorView? Originator, bool OriginatorChanged, string[] Notes)
{
    public static ImportView Of(ImportResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var i = result.Import;
        return new(i.Id, i.CaseId, i.FileName, i.Sha256, i.Lines, i.Accepted, i.Rejected, i.Bytes, i.ImportedBy, i.ImportedAt,
            ImportIndicators.FormatWire(result.Format), [.. result.RejectedItems.Select(r => new RejectedItemView(r.Line, r.Text, r.Rejection.Code, r.Reason, r.Rejection.Text.Nl))],
            result.Conditions is { } c ? new OriginatorView(c.Tlp.ToWire(), OriginatorConditions.ToWire(c.Purpose), c.ThirdPartyRule, c.OriginatorConsent) : null,
            result.ConditionsChanged, [.. result.Notes]);
    }
}

/// <summary>Where an import stands: <c>stage</c> receiving|parsing|storing|done|refused, bytes (of <c>totalBytes</c> when known) and lines so far.</summary>
public sealed record ImportProgressView(string Stage, long Bytes, long? TotalBytes, long Lines, int? Accepted, long? Rejected, string? ImportId, string? Message)
{
    public static ImportProgressView Of(ImportProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Stage switch
        {
            ImportStage.Receiving => "receiving",
            ImportStage.Parsing => "parsing",
            ImportStage.Storing => "storing",
            ImportStage.Done => "done",
            ImportStage.Refused => "refused",
        }, p.Bytes, p.TotalBytes, p.Lines, p.Accepted, p.Rejected, p.ImportId, p.Message);
    }
}

/// <summary>One page of a share's indicators (address order) and how many it has in all.</summary>
public sealed record IndicatorPageView(int Total, int Offset, IndicatorView[] Items);

/// <summary>An indicator as attributed when its share was made: address, country (null: none), AS number and organisation.</summary>
public sealed record IndicatorView(string Address, string? Country, uint? Asn, string? AsOrganisation);

/// <summary>
/// One line (text, CSV) or item (MISP attribute, STIX object) that was not imported, and why: a stable <c>code</c>
/// (e.g. <c>ipv4-leading-zero</c>), the reason in English (<c>reason</c>) and in Dutch (<c>reasonNl</c>), as the key warnings.
/// </summary>
public sealed record RejectedItemView(long Line, string Text, string Code, string Reason, string ReasonNl);

/// <summary>Originator conditions on the wire: <c>tlp</c> clear|green|amber|amber+strict|red, <c>purpose</c> inform-victims|none.</summary>
public sealed record OriginatorView(string Tlp, string Purpose, bool ThirdPartyRule, bool OriginatorConsent);

/// <summary>A case, its shares and whom it waits for.</summary>
public sealed record CaseDetail(CaseFile Case, StoredImport? LatestImport, ImmutableShareList Shares, string[] WaitingFor, PlanSummary[] Plans, WhatIfView[] WhatIfs);

/// <summary>A plan version: the current one, or a superseded one kept read-only with its shares as they were.</summary>
public sealed record PlanSummary(string Id, int Version, DateOnly Date, string RegimeId, string RuleSetSha256, string PartiesSha256, string CreatedBy, DateTimeOffset CreatedAt,
    string? Supersedes, string? SupersededBy, bool Current, ShareSummary[] Shares);

/// <summary>A stored what-if comparison; <see cref="WhatIfLine.Summary"/> says it in one line per recipient.</summary>
public sealed record WhatIfView(string Id, DateOnly Date, string Regime, string? RegimeInForce, string RuleSetSha256, string CreatedBy, DateTimeOffset CreatedAt, WhatIfLine[] Recipients);

/// <summary>One recipient of a what-if: the verdict under the regime asked about beside the one in force.</summary>
public sealed record WhatIfLine(string PartyId, string PartyName, int IndicatorCount, Verdict WhatIfVerdict, string[] WhatIfBasis, Verdict InForceVerdict, string[] InForceBasis, bool Differs, string Summary);

/// <summary>The shares of a case with whom each waits for.</summary>
public sealed record ImmutableShareList(ShareSummary[] Items);

/// <summary>One share in a case listing.</summary>
public sealed record ShareSummary(string Id, string PartyId, string PartyName, int IndicatorCount, Verdict Verdict, string[] Basis, ShareState State, string WaitingFor,
    string? PreviousShareId = null, string? DecidedBy = null, KeyWarningView[]? KeyWarnings = null);

/// <summary>The REST API of the case workflow: one endpoint per step.</summary>
internal static class CaseEndpoints
{
    private static readonly Role[] Readers = [Role.Analyst, Role.DutyOfficer, Role.LegalAdviser, Role.NctvAdviser, Role.DecisionMaker, Role.Auditor];
    private static readonly Role[] CaseWorkers = [Role.Analyst, Role.DutyOfficer, Role.DecisionMaker];

    public static void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("cases");
        cases.MapGet("/", ListAsync).Roles(Readers);
        cases.MapPost("/", CreateAsync).Roles(Role.Analyst);
        cases.MapGet("/{caseId}", GetAsync).Roles(Readers);
        cases.MapPost("/{caseId}/imports", ImportAsync).Roles(Role.Analyst).Accepts<string>("text/plain", "text/csv", "application/json", "application/octet-stream");
        cases.MapGet("/{caseId}/import-progress/{token}", ImportProgressAsync).Roles(Role.Analyst);
        cases.MapGet("/{caseId}/shares/{shareId}/indicators", ShareIndicatorsAsync).Roles(Readers);
        cases.MapPost("/{caseId}/assessments", AssessAsync).Roles(Role.Analyst);
        cases.MapPost("/{caseId}/reassessments", ReassessAsync).Roles(Role.Analyst, Role.DutyOfficer);
        cases.MapPost("/{caseId}/what-ifs", WhatIfAsync).Roles(Role.Analyst, Role.DutyOfficer);
        cases.MapGet("/{caseId}/what-ifs", ListWhatIfsAsync).Roles(Readers);
        cases.MapGet("/{caseId}/shares/{shareId}", GetShareAsync).Roles(Readers);
        cases.MapGet("/{caseId}/shares/{shareId}/released/{format}", ReleasedFileAsync).Roles(Readers);
        cases.MapPost("/{caseId}/shares/{shareId}/advice-requests", RequestAdviceAsync).Roles(Role.Analyst, Role.DutyOfficer, Role.DecisionMaker);
        cases.MapPost("/{caseId}/shares/{shareId}/advice-requests/{adviceId}/answer", GiveAdviceAsync).Roles(Role.LegalAdviser, Role.NctvAdviser);
        cases.MapPost("/{caseId}/shares/{shareId}/confirmations", ConfirmAsync).Roles(Role.Analyst, Role.DutyOfficer, Role.LegalAdviser);
        cases.MapPost("/{caseId}/shares/{shareId}/decision", DecideAsync).Roles(Role.DutyOfficer, Role.DecisionMaker);
        cases.MapPost("/{caseId}/shares/{shareId}/release", ReleaseAsync).Roles(Role.Analyst, Role.DutyOfficer);
        cases.MapPost("/{caseId}/decisions", DecideManyAsync).Roles(Role.DutyOfficer, Role.DecisionMaker);
        cases.MapPost("/{caseId}/releases", ReleaseManyAsync).Roles(Role.Analyst, Role.DutyOfficer);
        cases.MapPost("/{caseId}/handover", OfferHandoverAsync).Roles(CaseWorkers);
        cases.MapPost("/{caseId}/handover/accept", AcceptHandoverAsync).Roles(CaseWorkers);
        cases.MapDelete("/{caseId}/handover", CancelHandoverAsync).Roles(CaseWorkers);
        cases.MapPost("/{caseId}/closure", CloseAsync).Roles(CaseWorkers);
    }

    /// <summary>Cases per page unless the caller asks (limit), and the most it may ask.</summary>
    public const int DefaultPage = 100;

    public const int MaxPage = 500;

    /// <summary>
    /// The cases, one page at a time (cursor paging): the body stays the array it always was; when more follow, the
    /// Link header names the next page (rel="next") and X-Next-After the cursor to pass as <c>after</c>.
    /// </summary>
    private static async Task<Results<Ok<CaseFile[]>, ProblemHttpResult>> ListAsync(string? after, int? limit, HttpContext http, ICaseQueries queries, CancellationToken ct)
    {
        if (limit is < 1 or > MaxPage)
        {
            return Problems.Invalid($"limit: between 1 and {MaxPage} cases per page.");
        }

        var size = limit ?? DefaultPage;
        var page = await queries.ListPageAsync(string.IsNullOrEmpty(after) ? null : after, size + 1, ct).ConfigureAwait(false);
        if (page.Count > size)
        {
            var last = page[size - 1].Id;
            http.Response.Headers.Append("X-Next-After", last);
            http.Response.Headers.Append("Link", $"</api/cases?after={Uri.EscapeDataString(last)}&limit={size.ToString(CultureInfo.InvariantCulture)}>; rel=\"next\"");
        }

        return TypedResults.Ok(page.Take(size).ToArray());
    }

    private static async Task<Results<Created<CaseFile>, ProblemHttpResult>> CreateAsync(CreateCaseRequest body, ClaimsPrincipal user, ICreateCase useCase, CancellationToken ct)
    {
        if (!TlpLevels.TryParse(string.IsNullOrWhiteSpace(body.Tlp) ? "amber" : body.Tlp, out var tlp))
        {
            return Problems.Invalid($"tlp: '{body.Tlp}' is not a TLP 2.0 label; use clear, green, amber, amber+strict or red.");
        }

        var purpose = body.Purpose?.Trim() switch
        {
            null or "" or "inform-victims" => (PurposeRestriction?)PurposeRestriction.InformVictims,
            "none" => PurposeRestriction.None,
            _ => null,
        };
        if (purpose is null)
        {
            return Problems.Invalid($"purpose: '{body.Purpose}' is not a purpose restriction; use inform-victims or none.");
        }

        var urgency = Urgency.Routine;
        if (!string.IsNullOrWhiteSpace(body.Urgency) && !CaseWire.TryParse(body.Urgency, out urgency))
        {
            return Problems.Invalid($"urgency: '{body.Urgency}' is not an urgency; use routine or urgent.");
        }

        var outcome = await useCase.ExecuteAsync(new CreateCaseCommand(body.Title ?? "", body.Source ?? "",
            new OriginatorConditions(tlp, purpose.Value, body.ThirdPartyRule, body.OriginatorConsent), urgency, body.Deadline), Actors.Of(user, Role.Analyst), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Created($"/api/cases/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> GetAsync(string caseId, ICaseQueries queries, ISharingContext sharing, IRecipientKeyWarnings keys, CancellationToken ct)
    {
        if (await queries.GetAsync(caseId, ct).ConfigureAwait(false) is not { } view)
        {
            return Problems.Of(new Refusal(RefusalKind.NotFound, $"There is no case '{caseId}'."));
        }

        var warnings = KeyWarnings(view.Shares, sharing, keys);
        var shares = view.Shares.Select(s => Summary(s) with { KeyWarnings = warnings.GetValueOrDefault(s.Id) ?? [] }).ToArray();
        var plans = view.Plans.Select(p => new PlanSummary(p.Id, p.Version, p.Date, p.RegimeId, p.RuleSetSha256, p.PartiesSha256, p.CreatedBy, p.CreatedAt, p.Supersedes, p.SupersededBy,
            p.SupersededBy is null, [.. view.Shares.Concat(view.History).Where(s => s.PlanId == p.Id).OrderBy(s => s.PartyId, StringComparer.Ordinal).Select(Summary)])).ToArray();
        return TypedResults.Ok(new CaseDetail(view.Case, view.LatestImport, new ImmutableShareList(shares), [.. view.WaitingFor], plans, [.. view.WhatIfs.Select(ToView)]));
    }

    /// <summary>
    /// The key warnings per share that can still be approved or released (not for prohibited, refused or released
    /// shares: nothing is decided on them any more), from the registry and keyring in force now.
    /// </summary>
    internal static Dictionary<string, KeyWarningView[]> KeyWarnings(IEnumerable<ShareFile> shares, ISharingContext sharing, IRecipientKeyWarnings keys)
    {
        var perParty = new Dictionary<string, KeyWarningView[]>(StringComparer.Ordinal);
        var result = new Dictionary<string, KeyWarningView[]>(StringComparer.Ordinal);
        foreach (var share in shares.Where(s => s.Assessment.Verdict != Verdict.Prohibited && s.State is not (ShareState.Refused or ShareState.Released)))
        {
            if (!perParty.TryGetValue(share.PartyId, out var views))
            {
                views = sharing.Parties.Find(share.PartyId) is { } party ? [.. keys.For(party).Select(KeyWarningView.Of)] : [];
                perParty[share.PartyId] = views;
            }

            result[share.Id] = views;
        }

        return result;
    }

    private static ShareSummary Summary(ShareFile s) => new(s.Id, s.PartyId, s.PartyName, s.IndicatorCount, s.Assessment.Verdict, [.. s.Assessment.Basis], s.State,
        ShareWorkflow.WaitingFor(s), s.PreviousShareId, s.Decision?.DecidedBy);

    private static WhatIfView ToView(StoredWhatIf w) => new(w.Id, w.Date, w.Regime, w.RegimeInForce, w.RuleSetSha256, w.CreatedBy, w.CreatedAt,
        [.. w.Recipients.Select(r => new WhatIfLine(r.PartyId, r.PartyName, r.IndicatorCount, r.WhatIfVerdict, [.. r.WhatIfBasis], r.InForceVerdict, [.. r.InForceBasis],
            r.WhatIfVerdict != r.InForceVerdict, w.Summary(r)))]);

    private static async Task<Results<Created<ReassessCaseResult>, ProblemHttpResult>> ReassessAsync(string caseId, ClaimsPrincipal user, IReassessCase useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, Actors.Of(user, Role.Analyst, Role.DutyOfficer), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Created($"/api/cases/{caseId}", outcome.Value);
    }

    private static async Task<Results<Created<WhatIfView>, ProblemHttpResult>> WhatIfAsync(string caseId, WhatIfRequest? body, ClaimsPrincipal user, ICompareWhatIf useCase, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Regime))
        {
            return Problems.Invalid("regime: name the regime to compare with, e.g. {\"regime\": \"cbw\"}.");
        }

        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(body.Date))
        {
            if (!DateOnly.TryParseExact(body.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return Problems.Invalid($"date: '{body.Date}' is not a date; use YYYY-MM-DD, e.g. 2024-06-10.");
            }

            date = d;
        }

        var outcome = await useCase.ExecuteAsync(caseId, body.Regime, date, Actors.Of(user, Role.Analyst, Role.DutyOfficer), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Created($"/api/cases/{caseId}/what-ifs", ToView(outcome.Value!));
    }

    private static async Task<Results<Ok<WhatIfView[]>, ProblemHttpResult>> ListWhatIfsAsync(string caseId, string? after, int? limit, HttpContext http, ICaseQueries queries, CancellationToken ct)
    {
        if (await queries.GetAsync(caseId, ct).ConfigureAwait(false) is not { } view)
        {
            return Problems.Of(new Refusal(RefusalKind.NotFound, $"There is no case '{caseId}'."));
        }

        if (Paging.Check(limit, "comparisons") is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(Paging.Page(view.WhatIfs.Select(ToView), w => w.Id, after, limit, http));
    }

    private static async Task<Results<Created<ImportView>, Ok<ImportView>, ProblemHttpResult>> ImportAsync(
        string caseId, string? fileName, string? progress, HttpContext http, ClaimsPrincipal user, IImportIndicators useCase, IConfiguration configuration, ImportSlots slots,
        ImportProgressBoard board, CancellationToken ct)
    {
        if (progress is not null && !ImportProgressBoard.IsToken(progress))
        {
            return Problems.Invalid("progress: a token of 1 to 64 letters, digits, '-' or '_' (chosen by the uploader, then read at GET /api/cases/{caseId}/import-progress/{token}).");
        }

        // A slot before the body is read: the list's unique addresses are held in memory until they are stored.
        var actor = Actors.Of(user, Role.Analyst);
        var (lease, busy) = slots.TryEnter(actor.Name);
        if (lease is null)
        {
            http.Response.Headers.RetryAfter = "30";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many imports at once", detail: busy?.En);
        }

        using var held = lease;
        var max = configuration.GetValue<long?>(ServerKeys.UploadMaxBytes) ?? ServerKeys.DefaultUploadMaxBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1;
        }

        if (http.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        var report = progress is null ? null : board.For(actor.Name, caseId, progress);
        var expected = http.Request.ContentLength;

        // The body is streamed to a temporary file (deleted on close), never held whole in memory.
        await using var spool = new FileStream(Path.Combine(Path.GetTempPath(), $"grondslag-upload-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var chunk = new byte[1 << 16];
        int read;
        var nextReport = 0L;
        try
        {
            report?.Report(new ImportProgress(ImportStage.Receiving, 0, expected, 0));
            while ((read = await http.Request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (spool.Length + read > max)
                {
                    report?.Report(new ImportProgress(ImportStage.Refused, spool.Length, expected, 0) { Message = "The upload is too large." });
                    return TooLarge(max);
                }

                await spool.WriteAsync(chunk.AsMemory(0, read), ct).ConfigureAwait(false);
                if (report is not null && spool.Length >= nextReport)
                {
                    report.Report(new ImportProgress(ImportStage.Receiving, spool.Length, expected, 0));
                    nextReport = spool.Length + (4 << 20);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max);
        }

        if (spool.Length == 0)
        {
            report?.Report(new ImportProgress(ImportStage.Refused, 0, expected, 0) { Message = "The body is empty." });
            return Problems.Invalid("The body is empty: send the indicator file (a text list with one address per line, Shadowserver-style CSV, a MISP event or a STIX 2.1 bundle) as the request body.");
        }

        await spool.FlushAsync(ct).ConfigureAwait(false);
        var outcome = await useCase.ExecuteAsync(caseId, fileName ?? "upload.txt", spool, actor, report, ct).ConfigureAwait(false);
        if (outcome.Refusal is { } r)
        {
            return Problems.Of(r);
        }

        var result = outcome.Value!;
        return result.AlreadyImported
            ? TypedResults.Ok(ImportView.Of(result))
            : TypedResults.Created($"/api/cases/{caseId}/imports/{result.Import.Id}", ImportView.Of(result));
    }

    private static Results<Ok<ImportProgressView>, ProblemHttpResult> ImportProgressAsync(string caseId, string token, ClaimsPrincipal user, ImportProgressBoard board) =>
        board.Find(Actors.Of(user, Role.Analyst).Name, caseId, token) is { } p
            ? TypedResults.Ok(ImportProgressView.Of(p))
            : Problems.NotFound($"No import of yours into case '{caseId}' used the progress token '{token}' in the last hour; pass ?progress={token} on POST /api/cases/{caseId}/imports.");

    /// <summary>
    /// The STIX 2.1 bundle (<c>stix</c>) or MISP event (<c>misp</c>) of a released share, exactly as the disclosure gate
    /// released it (409 for a share not released, withdrawn, or that the gate can no longer vouch for); audited.
    /// </summary>
    private static async Task<IResult> ReleasedFileAsync(string caseId, string shareId, string format, ClaimsPrincipal user, Grondslag.Application.Cases.ExportReleasedShare export, CancellationToken ct)
    {
        Grondslag.Application.Delivery.ReleasedFileFormat? wanted = format switch
        {
            "stix" => Grondslag.Application.Delivery.ReleasedFileFormat.Stix,
            "misp" => Grondslag.Application.Delivery.ReleasedFileFormat.Misp,
            _ => null,
        };
        if (wanted is null)
        {
            return Problems.Invalid($"format: '{format}' is not a download format; use stix or misp.");
        }

        var outcome = await export.ExecuteAsync(caseId, shareId, wanted.Value, Actors.Of(user, Readers), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r
            ? Problems.Of(r)
            : TypedResults.File(System.Text.Encoding.UTF8.GetBytes(outcome.Value!.Content), outcome.Value.ContentType, outcome.Value.FileName);
    }

    private static async Task<Results<Ok<IndicatorPageView>, ProblemHttpResult>> ShareIndicatorsAsync(string caseId, string shareId, int? offset, int? limit, ICaseQueries queries, CancellationToken ct)
    {
        var from = offset ?? 0;
        var take = limit ?? 1_000;
        if (from < 0 || take is < 1 or > 10_000)
        {
            return Problems.Invalid("offset: 0 or more; limit: 1 to 10000 (default 1000).");
        }

        return await queries.ShareIndicatorsAsync(caseId, shareId, from, take, ct).ConfigureAwait(false) is { } page
            ? TypedResults.Ok(new IndicatorPageView(page.Total, page.Offset, [.. page.Items.Select(i => new IndicatorView(i.Address.ToString(), i.Country?.Value, i.Asn == 0 ? null : i.Asn, i.AsOrganisation.Length == 0 ? null : i.AsOrganisation))]))
            : Problems.NotFound($"Case '{caseId}' has no share '{shareId}'.");
    }

    private static ProblemHttpResult TooLarge(long max) => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large",
        detail: string.Create(CultureInfo.InvariantCulture, $"The indicator list exceeds the limit of {max} bytes ({ServerKeys.UploadMaxBytes}); split it or raise the limit."));

    private static async Task<Results<Created<AssessCaseResult>, ProblemHttpResult>> AssessAsync(string caseId, AssessRequest? body, ClaimsPrincipal user, IAssessCase useCase, CancellationToken ct)
    {
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(body?.Date))
        {
            if (!DateOnly.TryParseExact(body.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return Problems.Invalid($"date: '{body.Date}' is not a date; use YYYY-MM-DD, e.g. 2024-06-10.");
            }

            date = d;
        }

        var outcome = await useCase.ExecuteAsync(caseId, date, body?.Regime, Actors.Of(user, Role.Analyst), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Created($"/api/cases/{caseId}", outcome.Value);
    }

    private static async Task<Results<Ok<ShareDetail>, ProblemHttpResult>> GetShareAsync(string caseId, string shareId, ICaseQueries queries, ISharingContext sharing, IRecipientKeyWarnings keys, CancellationToken ct)
    {
        if (await queries.GetShareAsync(caseId, shareId, ct).ConfigureAwait(false) is not { } found)
        {
            return Problems.NotFound($"Case '{caseId}' has no share '{shareId}'.");
        }

        return TypedResults.Ok(new ShareDetail(found.Share, ShareWorkflow.WaitingFor(found.Share), JsonNode.Parse(found.AssessmentJson),
            KeyWarnings([found.Share], sharing, keys).GetValueOrDefault(found.Share.Id) ?? []));
    }

    private static async Task<Results<Created<AdviceItem>, ProblemHttpResult>> RequestAdviceAsync(
        string caseId, string shareId, AdviceRequestBody body, ClaimsPrincipal user, IRequestAdvice useCase, CancellationToken ct)
    {
        if (!CaseWire.TryParse<AdviserKind>(body.Adviser, out var adviser))
        {
            return Problems.Invalid($"adviser: '{body.Adviser}' is not an adviser; use legal or nctv.");
        }

        var outcome = await useCase.ExecuteAsync(caseId, shareId, adviser, body.Question ?? "", body.ExceptionalRisk,
            Actors.Of(user, Role.Analyst, Role.DutyOfficer, Role.DecisionMaker), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Created($"/api/cases/{caseId}/shares/{shareId}", outcome.Value);
    }

    private static async Task<Results<Ok<AdviceItem>, ProblemHttpResult>> GiveAdviceAsync(
        string caseId, string shareId, string adviceId, AdviceAnswerBody body, ClaimsPrincipal user, IGiveAdvice useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, shareId, adviceId, body.Advice ?? "", Actors.Of(user, Role.LegalAdviser, Role.NctvAdviser), ct).ConfigureAwait(false);
        if (outcome.Refusal is { Kind: RefusalKind.NotAllowed } && user.IsInRole(Role.LegalAdviser.ToWire()) && user.IsInRole(Role.NctvAdviser.ToWire()))
        {
            outcome = await useCase.ExecuteAsync(caseId, shareId, adviceId, body.Advice ?? "", Actors.Of(user, Role.NctvAdviser), ct).ConfigureAwait(false);
        }

        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Ok<ShareFile>, ProblemHttpResult>> ConfirmAsync(
        string caseId, string shareId, ConfirmationBody body, ClaimsPrincipal user, IConfirmCondition useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, shareId, body.Condition ?? "", body.Reference ?? "", Actors.Of(user, Role.LegalAdviser, Role.Analyst, Role.DutyOfficer), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(outcome.Value);
    }

    /// <summary>A decision as the API and the pages name it ("approve"/"approved", "refuse"/"refused"), or null.</summary>
    internal static DecisionOutcome? ParseOutcome(string? text) => text?.Trim() switch
    {
        "approve" or "approved" => DecisionOutcome.Approved,
        "refuse" or "refused" => DecisionOutcome.Refused,
        _ => null,
    };

    /// <summary>
    /// Decides one share. An approval to a recipient without a usable key is not refused (TAXII delivers without one;
    /// mail records "not possible"), but the answer carries the key warnings, so the approver is told.
    /// </summary>
    private static async Task<Results<Ok<DecisionView>, ProblemHttpResult>> DecideAsync(
        string caseId, string shareId, DecisionBody body, ClaimsPrincipal user, IDecide useCase, ICaseQueries queries, ISharingContext sharing, IRecipientKeyWarnings keys, CancellationToken ct)
    {
        var decision = ParseOutcome(body.Outcome);
        if (decision is null)
        {
            return Problems.Invalid($"outcome: '{body.Outcome}' is not a decision; use approve or refuse.");
        }

        var outcome = await useCase.ExecuteAsync(caseId, shareId, decision.Value, body.Motivation ?? "", Actors.Of(user, Role.DutyOfficer, Role.DecisionMaker), ct).ConfigureAwait(false);
        if (outcome.Refusal is { } r)
        {
            return Problems.Of(r);
        }

        var d = outcome.Value!;
        var party = d.Outcome == DecisionOutcome.Approved && await queries.GetShareAsync(caseId, shareId, ct).ConfigureAwait(false) is { } found
            ? sharing.Parties.Find(found.Share.PartyId)
            : null;
        KeyWarningView[] warnings = party is null ? [] : [.. keys.For(party).Select(KeyWarningView.Of)];
        return TypedResults.Ok(new DecisionView(d.Id, d.Outcome, d.Motivation, d.PreparedBy, d.DecidedBy, d.DecidedAs, d.DecidedAt, warnings));
    }

    private static async Task<Results<Created<StoredRelease>, ProblemHttpResult>> ReleaseAsync(string caseId, string shareId, ClaimsPrincipal user, IRelease useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, shareId, Actors.Of(user, Role.Analyst, Role.DutyOfficer), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Created($"/api/cases/{caseId}/shares/{shareId}", outcome.Value);
    }

    /// <summary>Decide many shares with one motivation: 200 with the outcome per share (each decided, or refused, on its own).</summary>
    private static async Task<Results<Ok<BulkOutcome<ShareDecision>>, ProblemHttpResult>> DecideManyAsync(
        string caseId, BulkDecisionBody body, ClaimsPrincipal user, IDecideShares useCase, CancellationToken ct)
    {
        var decision = ParseOutcome(body.Outcome);
        if (decision is null)
        {
            return Problems.Invalid($"outcome: '{body.Outcome}' is not a decision; use approve or refuse.");
        }

        var outcome = await useCase.ExecuteAsync(caseId, body.ShareIds ?? [], decision.Value, body.Motivation ?? "", Actors.Of(user, Role.DutyOfficer, Role.DecisionMaker), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(Bulk(outcome.Value!));
    }

    /// <summary>Release many approved shares: 200 with the outcome per share (each through the gate and delivered on its own).</summary>
    private static async Task<Results<Ok<BulkOutcome<StoredRelease>>, ProblemHttpResult>> ReleaseManyAsync(
        string caseId, BulkReleaseBody body, ClaimsPrincipal user, IReleaseShares useCase, IDeliveryQueries deliveries, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, body.ShareIds ?? [], Actors.Of(user, Role.Analyst, Role.DutyOfficer), ct).ConfigureAwait(false);
        if (outcome.Refusal is { } r)
        {
            return Problems.Of(r);
        }

        // The released shares' channel steps run after the act's last commit: say truthfully where each stands now.
        var result = Bulk(outcome.Value!);
        var states = await deliveries.ChannelStatesAsync([.. result.Shares.Where(s => s.Ok).Select(s => s.ShareId)], ct).ConfigureAwait(false);
        return TypedResults.Ok(result with
        {
            Shares = [.. result.Shares.Select(s => s.Ok && states.TryGetValue(s.ShareId, out var channels) ? s with { Deliveries = channels } : s)],
        });
    }

    private static BulkOutcome<T> Bulk<T>(BulkResult<T> result) =>
        new(result.Succeeded, result.Refused, [.. result.Shares.Select(s => new BulkShareOutcome<T>(s.ShareId, s.IsOk, s.Value, s.Refusal is { } r ? r.Kind.ToString() : null, s.Refusal?.Reason))]);

    private static async Task<Results<Ok<PendingHandover>, ProblemHttpResult>> OfferHandoverAsync(string caseId, HandoverBody body, ClaimsPrincipal user, IOfferHandover useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, body.To ?? "", body.Note ?? "", Actors.Of(user, CaseWorkers), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(outcome.Value);
    }

    /// <summary>The owner withdraws an offer that was not accepted yet.</summary>
    private static async Task<Results<Ok<CaseFile>, ProblemHttpResult>> CancelHandoverAsync(string caseId, ClaimsPrincipal user, ICancelHandover useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, Actors.Of(user, CaseWorkers), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Ok<CaseFile>, ProblemHttpResult>> AcceptHandoverAsync(string caseId, ClaimsPrincipal user, IAcceptHandover useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, Actors.Of(user, CaseWorkers), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(outcome.Value);
    }

    private static async Task<Results<Ok<ClosureResponse>, ProblemHttpResult>> CloseAsync(string caseId, CloseCaseRequest request, ClaimsPrincipal user, ICloseCase useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, request?.Reason ?? "", Actors.Of(user, CaseWorkers), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(new ClosureResponse(outcome.Value!.Case, [.. outcome.Value.Lapsed.Select(s => new LapsedShare(s.Id, s.PartyId, s.State.ToWire()))]));
    }
}

/// <summary>Why the case is closed.</summary>
public sealed record CloseCaseRequest(string? Reason);

/// <summary>A share whose open work lapsed when its case was closed, in the state it had reached.</summary>
public sealed record LapsedShare(string ShareId, string PartyId, string State);

/// <summary>The closed case and the shares that lapsed with it.</summary>
public sealed record ClosureResponse(CaseFile Case, LapsedShare[] Lapsed);
