using Grondslag.Storage.Audit;

namespace Grondslag.Server.Composition;

/// <summary>
/// Copies checkpoints signed inside use-case transactions to the witness folder once they are committed,
/// so the witness keeps up with the database without a request ever waiting for it.
/// </summary>
internal sealed partial class AuditWitnessExporter(IServiceScopeFactory scopes, ILogger<AuditWitnessExporter> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var exported = await scope.ServiceProvider.GetRequiredService<AuditLog>().ExportToWitnessAsync(stoppingToken).ConfigureAwait(false);
                if (exported > 0)
                {
                    LogExported(logger, exported);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed export is retried on the next tick; the checkpoints stay in the database.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Count} audit checkpoints to the witness")]
    private static partial void LogExported(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exporting audit checkpoints to the witness failed; retrying later")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
