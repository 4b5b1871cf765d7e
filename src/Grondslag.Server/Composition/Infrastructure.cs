using System.Security.Claims;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Law;
using Grondslag.Domain.Parties;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Composition;

/// <summary>Claim types Grondslag adds to accounts.</summary>
public static class GrondslagClaims
{
    /// <summary>The party a recipient account belongs to (it sees only that party's released shares).</summary>
    public const string Party = "grondslag:party";
}

/// <summary>The acting person from the signed-in principal, in the first of the endpoint's roles they hold.</summary>
internal static class Actors
{
    public static Actor Of(ClaimsPrincipal user, params Role[] allowed)
    {
        var name = user.Identity?.Name ?? throw new InvalidOperationException("No signed-in user.");
        var role = allowed.FirstOrDefault(r => user.IsInRole(r.ToWire()));
        return new Actor(name, role);
    }
}

/// <summary>Refusals and errors as RFC 9457 problem details; one status per refusal kind.</summary>
internal static class Problems
{
    public static ProblemHttpResult Of(Refusal refusal) => TypedResults.Problem(
        detail: refusal.Reason,
        statusCode: refusal.Kind switch
        {
            RefusalKind.Invalid => StatusCodes.Status400BadRequest,
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.NotAllowed => StatusCodes.Status403Forbidden,
            RefusalKind.Conflict => StatusCodes.Status409Conflict,
            RefusalKind.Prohibited => StatusCodes.Status422UnprocessableEntity,
        },
        title: refusal.Kind switch
        {
            RefusalKind.Invalid => "The request is not valid",
            RefusalKind.NotFound => "Not found",
            RefusalKind.NotAllowed => "Not allowed for you",
            RefusalKind.Conflict => "Conflicts with the current state",
            RefusalKind.Prohibited => "Not permitted by law",
        },
        extensions: new Dictionary<string, object?> { ["refusal"] = refusal.Kind.ToString() });

    public static ProblemHttpResult Invalid(string detail) => Of(new Refusal(RefusalKind.Invalid, detail));

    public static ProblemHttpResult NotFound(string detail) => Of(new Refusal(RefusalKind.NotFound, detail));
}

/// <summary>Turns request-reading failures (malformed JSON, too large) into problem details that say what was wrong.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        var inner = bad.InnerException is System.Text.Json.JsonException json ? $" ({json.Message})" : "";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request could not be read",
                Detail = bad.Message + inner,
            },
            Exception = exception,
        }).ConfigureAwait(false);
    }
}

/// <summary>
/// Every other failure as problem details a person can act on, never a bare "An error occurred": missing address data
/// (503, names the directory and the command that installs it), a misconfiguration (503, the message names the
/// setting), anything else (500, the exception type and the trace id to find it in the server log).
/// </summary>
internal sealed class ActionableExceptionHandler(IProblemDetailsService problems, ILogger<ActionableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var trace = System.Diagnostics.Activity.Current?.Id ?? httpContext.TraceIdentifier;
        var (status, title, detail) = exception switch
        {
            Grondslag.Attribution.Tables.AddressDataException data => (StatusCodes.Status503ServiceUnavailable, "The address data is not available", data.Message),
            Grondslag.Attribution.Data.DataInstallException install => (StatusCodes.Status503ServiceUnavailable, "The address data could not be installed", install.Message),
            InvalidOperationException configuration when configuration.Message.Contains("activated", StringComparison.Ordinal) =>
                (StatusCodes.Status503ServiceUnavailable, "The server is not fully configured", configuration.Message),
            _ => (StatusCodes.Status500InternalServerError, "The server failed on this request",
                $"Unexpected {exception.GetType().Name}. The server log has the details under trace id {trace}: report that id to the operator."),
        };
        logger.LogError(exception, "Request failed ({Status}, trace {Trace}): {Title}", status, trace, title);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["traceId"] = trace } },
            Exception = exception,
        }).ConfigureAwait(false);
    }
}

/// <summary>
/// A recipient that is refused an internal endpoint gets 404, not 403: it may not learn what exists.
/// Everyone else gets the usual 401/403.
/// </summary>
internal sealed class RecipientHidingResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.IsInRole(Role.Recipient.ToWire()))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>
/// Test-only (enabled by <see cref="ServerKeys.TestingCommitDelayMs"/>): holds a decision between writing it and
/// committing it, so a test can kill the process there.
/// </summary>
internal sealed class DelayingCommitHook(TimeSpan delay) : ICommitHook
{
    public async Task BeforeCommitAsync(string action, CancellationToken cancellationToken)
    {
        if (action == "share.decide")
        {
            await Console.Out.WriteLineAsync("grondslag-test: decision written, holding before commit").ConfigureAwait(false);
            await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }
}
