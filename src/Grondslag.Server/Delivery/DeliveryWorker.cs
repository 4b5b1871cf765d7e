using Grondslag.Application.Delivery;

namespace Grondslag.Server.Delivery;

/// <summary>
/// Runs the outbox on every node: each pass claims a page of due rows (under a lease, skipping rows another node holds),
/// runs their channel steps, and goes on while pages come back full; then waits for the next poll. Pages are small and
/// nothing is loaded that is not claimed, so a pass costs the same with ten rows or a million.
/// </summary>
internal sealed partial class DeliveryWorker(IServiceScopeFactory scopes, DeliverySettings settings, TimeProvider time, ILogger<DeliveryWorker> logger) : BackgroundService
{
    /// <summary>Rows claimed per page.</summary>
    public const int Page = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                int done;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    done = (await scope.ServiceProvider.GetRequiredService<IDeliverShares>().RunAsync(null, Page, stoppingToken).ConfigureAwait(false)).Count;
                }
                while (done == Page && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex);
            }

            await Task.Delay(settings.Poll, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox pass failed; retrying at the next poll.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
