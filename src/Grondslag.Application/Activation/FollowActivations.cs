namespace Grondslag.Application.Activation;

/// <summary>
/// Keeps this node on the activated versions recorded in the database (issue 16): every node of a deployment evaluates
/// under the newest activated rule set and registry, wherever they were approved. A cheap check (the newest activation's
/// sequence number against the one in force here) runs before every request and whenever PostgreSQL announces an
/// activation; only when it differs is the stored version loaded, verified against its hash and swapped in. A stored
/// version that does not verify is never used: the check fails (the request answers 503) instead of running on the old
/// version silently.
/// </summary>
public interface IFollowActivations
{
    /// <summary>Brings in what was activated since; true when something new came into force.</summary>
    Task<bool> CatchUpAsync(CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IFollowActivations"/>
public sealed class FollowActivations(IActivationStore store, IReferenceLoader loader, IReferenceInForce inForce) : IFollowActivations
{
    // One load at a time per process: concurrent requests that notice the same activation load it once.
    private static readonly SemaphoreSlim OneLoad = new(1, 1);

    public async Task<bool> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        if (await store.LatestActivationAsync(cancellationToken).ConfigureAwait(false) <= Newest())
        {
            return false;
        }

        await OneLoad.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var changed = false;
            foreach (var kind in Enum.GetValues<ReferenceKind>())
            {
                var active = await store.InForceAsync(kind, cancellationToken).ConfigureAwait(false);
                if (active is null || active.Id <= inForce.ActivationInForce(kind))
                {
                    continue;
                }

                var loaded = loader.Load(active.Version);
                if (loaded.Refusal is { } broken)
                {
                    // Fail closed, in the words the error handler turns into 503 "not fully configured".
                    throw new InvalidOperationException($"The activated {kind.Noun()} {active.Version.Sha256} (activation {active.Id}) cannot be brought into force on this node: {broken.Reason}");
                }

                inForce.Activate(loaded.Value!, active.Id);
                changed = true;
            }

            return changed;
        }
        finally
        {
            OneLoad.Release();
        }
    }

    private long Newest() => Enum.GetValues<ReferenceKind>().Max(inForce.ActivationInForce);
}
