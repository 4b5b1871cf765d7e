using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Server.Delivery;
using Grondslag.Server.Taxii;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;

namespace Grondslag.Server.Composition;

/// <summary>Composes delivery: the TAXII 2.1 server, delivery on release, withdrawal, the outbox sender.</summary>
public static class TaxiiComposition
{
    public static IServiceCollection AddGrondslagTaxii(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DeliverySettings.Load(configuration));
        services.AddSingleton<TaxiiSecrets>();
        services.AddSingleton(sp => new TaxiiFailures(new Accounts.SignInThrottle(sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton<TaxiiConcurrency>();
        services.AddScoped<IShareDelivery, ShareDelivery>();
        services.AddScoped<Grondslag.Delivery.Outbox.IOutboxWork, Storage.Delivery.EfOutboxWork>();
        services.AddScoped<Grondslag.Delivery.Taxii.ITaxiiPublisher, Storage.Delivery.EfTaxiiPublisher>();
        services.AddScoped<ITaxiiCollectionQueries, Storage.Delivery.EfTaxiiCollectionQueries>();
        services.AddScoped<IDeliveryChannels>(sp => new DeliveryChannels(sp.GetRequiredService<Grondslag.Delivery.Outbox.IOutboxWork>(),
            sp.GetRequiredService<Grondslag.Delivery.Taxii.ITaxiiPublisher>(), sp.GetRequiredService<DeliverySettings>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<Grondslag.Delivery.Email.IMailTransport>()));
        services.AddScoped<IDeliveryOutbox>(sp => new Storage.Delivery.EfDeliveryOutbox(sp.GetRequiredService<Storage.GrondslagDbContext>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IIdGenerator>(), sp.GetRequiredService<DeliverySettings>().Lease));
        services.AddScoped<IDeliverShares, DeliverShares>();
        services.AddScoped<IWithdraw, Withdraw>();
        services.AddScoped<IReleasedShareFiles, Composition.ReleasedShareFiles>();
        services.AddScoped<ExportReleasedShare>();
        services.AddHostedService<DeliveryWorker>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TaxiiBasicHandler>(TaxiiBasicHandler.SchemeName, null);
        services.AddTaxiiRateLimits(configuration);
        return services;
    }

    public const string PerClientPerSecond = "Grondslag:Taxii:RateLimit:PerClientPerSecond";

    /// <summary>
    /// Requests the server works on at once (default 24, under the PostgreSQL pool of 30); the rest wait in a queue
    /// (oldest first, up to <see cref="QueuedRequests"/>) instead of each waiting for a database connection and failing
    /// with 503 when the pool's wait runs out. Found by the load test (issue 17): 200 concurrent clients exhausted the
    /// pool on PostgreSQL and starved the thread pool on SQLite, whose I/O is synchronous.
    /// </summary>
    public const string ConcurrentRequests = "Grondslag:Limits:ConcurrentRequests";

    public const string QueuedRequests = "Grondslag:Limits:QueuedRequests";
    public const string PerClientBurst = "Grondslag:Taxii:RateLimit:PerClientBurst";
    public const string PerSourcePerSecond = "Grondslag:Taxii:RateLimit:PerSourcePerSecond";
    public const string PerSourceBurst = "Grondslag:Taxii:RateLimit:PerSourceBurst";

    /// <summary>
    /// ASP.NET Core's rate limiter on /taxii2: a token bucket per client (the party id in the Basic credentials, valid or
    /// not) and one per source address, chained, so neither one client nor one address can make the server derive keys
    /// (600,000 iterations per wrong secret) faster than the bucket refills. Over the limit: 429 with Retry-After, before
    /// authentication is attempted. Wrong secrets are slowed much sooner by <see cref="TaxiiFailures"/>.
    /// </summary>
    private static void AddTaxiiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var clientRate = Math.Max(1, configuration.GetValue<int?>(PerClientPerSecond) ?? 50);
        var clientBurst = Math.Max(1, configuration.GetValue<int?>(PerClientBurst) ?? 500);
        var sourceRate = Math.Max(1, configuration.GetValue<int?>(PerSourcePerSecond) ?? 100);
        var sourceBurst = Math.Max(1, configuration.GetValue<int?>(PerSourceBurst) ?? 1000);
        var concurrent = Math.Max(1, configuration.GetValue<int?>(ConcurrentRequests) ?? 24);
        var queued = Math.Max(0, configuration.GetValue<int?>(QueuedRequests) ?? 10_000);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsTaxii(context)
                    ? RateLimitPartition.GetTokenBucketLimiter("client\n" + ClientOf(context), _ => Bucket(clientRate, clientBurst))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsTaxii(context)
                    ? RateLimitPartition.GetTokenBucketLimiter("source\n" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Bucket(sourceRate, sourceBurst))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = concurrent,
                    QueueLimit = queued,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })));
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                rejected.HttpContext.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!IsTaxii(rejected.HttpContext))
                {
                    // Only the queue of all requests rejects outside TAXII: the server is saturated.
                    rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    await rejected.HttpContext.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"The server has {queued} requests waiting; retry after {retry} s.",
                    }, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await TaxiiErrors.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This client or address sends requests faster than the server allows; retry after {retry} s.").ConfigureAwait(false);
            };
        });
    }

    private static bool IsTaxii(HttpContext context) => context.Request.Path.StartsWithSegments("/taxii2", StringComparison.Ordinal);

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    // The claimed party id (before any verification; bounded), so a wrong secret still counts against that client.
    private static string ClientOf(HttpContext context)
    {
        if (System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { Length: < 1024 } parameter)
        {
            try
            {
                var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 ? decoded[..Math.Min(colon, 200)] : "";
            }
            catch (FormatException)
            {
                return "";
            }
        }

        return "";
    }

    public static IEndpointRouteBuilder MapTaxii(this IEndpointRouteBuilder app)
    {
        TaxiiEndpoints.Map(app);
        TaxiiClientEndpoints.Map(app);
        DeliveryEndpoints.Map(app);
        return app;
    }
}
