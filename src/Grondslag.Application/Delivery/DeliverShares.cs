using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;

namespace Grondslag.Application.Delivery;

/// <summary>Where one share's delivery on one channel stands, as the API says it.</summary>
public enum DeliveryStatus
{
    /// <summary>Recorded in the outbox and not (yet) done: it will be tried (again).</summary>
    Pending,

    /// <summary>Done: published in the TAXII collection, or accepted by the mail server.</summary>
    Delivered,

    /// <summary>Will not be done: not possible (no key) or attempts exhausted; the detail says why.</summary>
    Failed,
}

/// <summary>One outbox row this node holds under a lease: the share, the channel, the kind, the lease token.</summary>
/// <param name="Key">The idempotency key: share, channel and (for a withdrawal) <c>/revocation</c>.</param>
/// <param name="Channel"><c>taxii</c> or <c>email</c>.</param>
/// <param name="Kind"><c>release</c> or <c>withdrawal</c>.</param>
/// <param name="Attempts">Attempts made before this one.</param>
/// <param name="Lease">This claim's token; the row is completed only while the token still holds it.</param>
public sealed record DeliveryClaim(string Key, string CaseId, string ShareId, string PartyId, string Channel, string Kind, int Attempts, string Lease);

/// <summary>What one channel step did.</summary>
/// <param name="Status">Delivered, failed for good, or pending (a failed attempt to retry, or waiting for configuration).</param>
/// <param name="Detail">For a person: what happened, or why not.</param>
/// <param name="Reference">The collection id (TAXII) or the outbox key (e-mail).</param>
/// <param name="Objects">Objects added (TAXII).</param>
/// <param name="Audit">The audit record's action and payload; null for a step that only waits (nothing happened).</param>
/// <param name="Attempted">Whether this counts as an attempt (false when the step could not start, e.g. no SMTP server configured).</param>
public sealed record ChannelResult(DeliveryStatus Status, string Detail, string Reference, int Objects, (string Action, JsonObject Payload)? Audit, bool Attempted = true);

/// <summary>The slow part of a channel step, done outside every transaction and lock; its write runs in the step's transaction.</summary>
public interface IChannelStep
{
    /// <summary>Writes the step's effect (e.g. the TAXII objects) inside the step's transaction and says what was done.</summary>
    Task<ChannelResult> WriteAsync(CancellationToken cancellationToken);
}

/// <summary>The channels (TAXII, e-mail) as ports: the server implements them.</summary>
public interface IDeliveryChannels
{
    /// <summary>
    /// Prepares a claimed step: everything slow that needs no transaction (parsing the bundle, OpenPGP sealing, the
    /// SMTP conversation). Throwing counts as a failed attempt.
    /// </summary>
    Task<IChannelStep> PrepareAsync(DeliveryClaim claim, CancellationToken cancellationToken);
}

/// <summary>The outbox as a port (the storage implements it on both providers).</summary>
public interface IDeliveryOutbox
{
    /// <summary>
    /// Claims at most <paramref name="max"/> pending rows in a short transaction of its own, each under a lease: due
    /// ones of any share, or (with <paramref name="shareId"/>) that share's, due or not — but never one another node
    /// holds under a lease that has not expired.
    /// </summary>
    Task<IReadOnlyList<DeliveryClaim>> ClaimAsync(string? shareId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// In the caller's transaction: records the step's result on the row if this claim still holds it (false, and
    /// nothing changed, when its lease expired and another node claimed the row: the caller must roll back).
    /// </summary>
    Task<bool> CompleteAsync(DeliveryClaim claim, ChannelResult result, DateTimeOffset? retryAt, CancellationToken cancellationToken);
}

/// <summary>Runs the outbox: claims steps, runs each channel, records and audits each step in its own short transaction.</summary>
public interface IDeliverShares
{
    /// <summary>Runs up to <paramref name="max"/> claimed steps (of one share, or any due ones); returns what each did.</summary>
    Task<IReadOnlyList<(DeliveryClaim Claim, ChannelResult Result)>> RunAsync(string? shareId, int max, CancellationToken cancellationToken);
}

/// <inheritdoc cref="IDeliverShares"/>
public sealed class DeliverShares(ICaseStore store, IAuditTrail audit, IDeliveryOutbox outbox, IDeliveryChannels channels, TimeProvider clock) : IDeliverShares
{
    /// <summary>Attempts before a step is given up (failed for good); waits double from 30 s up to an hour.</summary>
    public const int MaxAttempts = 50;

    public async Task<IReadOnlyList<(DeliveryClaim Claim, ChannelResult Result)>> RunAsync(string? shareId, int max, CancellationToken cancellationToken)
    {
        var done = new List<(DeliveryClaim, ChannelResult)>();
        foreach (var claim in await outbox.ClaimAsync(shareId, max, cancellationToken).ConfigureAwait(false))
        {
            if (await StepAsync(claim, cancellationToken).ConfigureAwait(false) is { } result)
            {
                done.Add((claim, result));
            }
        }

        return done;
    }

    /// <summary>The wait after the given number of failed attempts: 30 s, doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int failedAttempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 20))));

    private async Task<ChannelResult?> StepAsync(DeliveryClaim claim, CancellationToken cancellationToken)
    {
        IChannelStep? step = null;
        string? error = null;
        try
        {
            // The slow part: no transaction, no lock — every audited action elsewhere goes on meanwhile.
            step = await channels.PrepareAsync(claim, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        if (step is null)
        {
            return await FailedAsync(claim, error!, cancellationToken).ConfigureAwait(false);
        }

        await using (var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var result = await step.WriteAsync(cancellationToken).ConfigureAwait(false);
                return await RecordAsync(tx, claim, result, cancellationToken).ConfigureAwait(false) ? result : null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The step's writes roll back with its transaction; the failure is recorded in a fresh one.
                error = $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        return await FailedAsync(claim, error, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChannelResult?> FailedAsync(DeliveryClaim claim, string error, CancellationToken cancellationToken)
    {
        var attempts = claim.Attempts + 1;
        var giveUp = attempts >= MaxAttempts;
        var result = new ChannelResult(giveUp ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            giveUp ? $"gave up after {attempts} attempts: {error}" : $"attempt {attempts} failed, retried later: {error}", "", 0,
            ($"delivery.{claim.Channel}-{(giveUp ? "gave-up" : "failed")}", new JsonObject
            {
                ["party"] = claim.PartyId,
                ["kind"] = claim.Kind,
                ["outboxKey"] = claim.Key,
                ["attempts"] = attempts,
                ["error"] = error.Length > 2000 ? error[..2000] + "…" : error,
            }));
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        return await RecordAsync(tx, claim, result, cancellationToken).ConfigureAwait(false) ? result : null;
    }

    // Records the result on the row (if the lease still holds), appends its audit record last, and commits: the audit
    // lock is held only from the append to the commit.
    private async Task<bool> RecordAsync(ICaseTransaction tx, DeliveryClaim claim, ChannelResult result, CancellationToken cancellationToken)
    {
        var attempts = result.Attempted ? claim.Attempts + 1 : claim.Attempts;
        DateTimeOffset? retryAt = result.Status == DeliveryStatus.Pending
            ? clock.GetUtcNow() + (result.Attempted ? Backoff(attempts) : TimeSpan.FromMinutes(1))
            : null;
        if (!await outbox.CompleteAsync(claim, result, retryAt, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
        if (result.Audit is { } record)
        {
            await audit.AppendAsync(new AuditRecord(record.Action, "system", "system", claim.CaseId, claim.ShareId, record.Payload), cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
