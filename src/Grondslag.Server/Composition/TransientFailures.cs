using Microsoft.AspNetCore.Diagnostics;

namespace Grondslag.Server.Composition;

/// <summary>
/// A database that is briefly unreachable (PostgreSQL restarting, the pool exhausted for its timeout, SQLite busy past its
/// busy timeout) is answered 503 with problem details and Retry-After, not a bare 500: nothing was changed (the action's
/// transaction rolled back) and the same request may simply be sent again.
/// </summary>
internal sealed class TransientFailureHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is briefly unavailable",
                Detail = $"Nothing was changed. Send the same request again in {RetryAfterSeconds} seconds.",
            },
            Exception = exception,
        }).ConfigureAwait(false);
    }

    /// <summary>Whether the failure, or one it wraps, is a database condition that passes by itself.</summary>
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.NpgsqlException { IsTransient: true }:
                case Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "08006" or "08001" or "08003" }:
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }:
                case TimeoutException:
                    return true;
                case InvalidOperationException when e.Message.Contains("connection pool has been exhausted", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }

        return false;
    }
}
