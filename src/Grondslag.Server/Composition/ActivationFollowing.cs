using Grondslag.Application.Activation;
using Grondslag.Storage;
using Grondslag.Storage.Admin;

namespace Grondslag.Server.Composition;

/// <summary>
/// Keeps this node on the activations recorded in the database (<see cref="IFollowActivations"/>): before every request
/// (one indexed <c>max(id)</c> query; the version is reloaded only when it changed), and on PostgreSQL as soon as an
/// activation is announced (<see cref="ActivationListener"/>).
/// </summary>
internal static class ActivationFollowing
{
    public static IApplicationBuilder UseActivationFollowing(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await context.RequestServices.GetRequiredService<IFollowActivations>().CatchUpAsync(context.RequestAborted).ConfigureAwait(false);
            await next(context).ConfigureAwait(false);
        });
}

/// <summary>
/// On PostgreSQL: LISTENs for activations and brings each into force within moments of its commit, re-checking every
/// 30 s and after every reconnect (a notice sent while the connection was down is not replayed by PostgreSQL). Not
/// started on SQLite (one node; the check before each request is enough).
/// </summary>
internal sealed partial class ActivationListener(StorageOptions storage, IServiceScopeFactory scopes, ILogger<ActivationListener> logger) : BackgroundService
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (storage.Provider != DatabaseProvider.PostgreSql)
        {
            return;
        }

        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ActivationNotices.ListenAsync(storage, CatchUpAsync, Recheck, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A lost connection (PostgreSQL restarting or failing over): listen again after a pause.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLost(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
                continue;
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<IFollowActivations>().CatchUpAsync(cancellationToken).ConfigureAwait(false))
        {
            var inForce = scope.ServiceProvider.GetRequiredService<IReferenceInForce>();
            LogCaughtUp(logger, inForce.ActivationInForce(ReferenceKind.RuleSet), inForce.ActivationInForce(ReferenceKind.Parties));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A new activation came into force on this node (rule set: activation {RuleSet}; party registry: activation {Parties}).")]
    private static partial void LogCaughtUp(ILogger logger, long ruleSet, long parties);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for activations failed; listening again in {Seconds} s (requests still check before they run).")]
    private static partial void LogLost(ILogger logger, Exception exception, double seconds);
}
