using Grondslag.Storage.Audit;

namespace Grondslag.Server.Composition;

/// <summary>
/// Keeps the audit log fresh: every <see cref="ServerKeys.AuditCheckpointIntervalSeconds"/> (30 s by default, so at least
/// once a minute) it signs a checkpoint when entries arrived since the last one, and once more on shutdown; and it copies
/// checkpoints signed inside use-case transactions to the witness folder once they are committed, so the witness keeps
/// up with the database without a request ever waiting for it.
/// With several nodes on one PostgreSQL database one node at a time does this (a session advisory lock,
/// <see cref="Grondslag.Storage.Cluster.SingleNode"/>); a node that finds it held skips the tick, and the holder's work
/// covers it. Checkpoints themselves are signed under the audit log's append lock, so two nodes never sign two
/// different checkpoints of one size.
/// </summary>
internal sealed partial class AuditWitnessExporter(IServiceScopeFactory scopes, ILogger<AuditWitnessExporter> logger, IConfiguration configuration, Grondslag.Storage.StorageOptions storage) : BackgroundService
{
    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue<int?>(ServerKeys.AuditCheckpointIntervalSeconds) ?? 30, 1, 60));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The last entries before shutdown get their checkpoint too (and the witness its copy).
            await CheckpointAndExportAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Shutting down: the next start signs what is left.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
        }
    }

    private async Task<int> CheckpointAndExportAsync(CancellationToken cancellationToken)
    {
        var exported = 0;
        await Grondslag.Storage.Cluster.SingleNode.TryRunAsync(storage, Grondslag.Storage.Cluster.SingleNode.AuditWitnessKey, async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var log = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await log.CheckpointTailAsync(ct).ConfigureAwait(false);
            exported = await log.ExportToWitnessAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return exported;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                var exported = await CheckpointAndExportAsync(stoppingToken).ConfigureAwait(false);
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
