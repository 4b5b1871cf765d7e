using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Cases;

/// <summary>
/// The one shape of every case action: open a transaction, decide in the domain, stage the changes, write them,
/// append the audit record, commit. A refusal or a lost race rolls everything back, audit record included.
/// </summary>
internal static class CaseAction
{
    public static Task<Outcome<T>> RunAsync<T>(
        ICaseStore store,
        IAuditTrail audit,
        ICommitHook hook,
        string action,
        Func<ICaseTransaction, Task<Outcome<(T Result, AuditRecord Record)>>> body,
        CancellationToken cancellationToken) =>
        RunAsync(store, audit, hook, action, body, null, cancellationToken);

    /// <summary>
    /// As above, with follow-up steps (e.g. delivery of a released share) that run after the action's record is
    /// appended and before the commit; each returns its own audit records, appended in order in the same transaction.
    /// </summary>
    public static async Task<Outcome<T>> RunAsync<T>(
        ICaseStore store,
        IAuditTrail audit,
        ICommitHook hook,
        string action,
        Func<ICaseTransaction, Task<Outcome<(T Result, AuditRecord Record)>>> body,
        Func<CancellationToken, Task<IReadOnlyList<AuditRecord>>>? followUp,
        CancellationToken cancellationToken)
    {
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        var staged = await body(tx).ConfigureAwait(false);
        if (staged.Refusal is { } refusal)
        {
            return Outcome<T>.Refused(refusal);
        }

        var (result, record) = staged.Value;
        try
        {
            await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
            await audit.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            if (followUp is not null)
            {
                foreach (var step in await followUp(cancellationToken).ConfigureAwait(false))
                {
                    await audit.AppendAsync(step, cancellationToken).ConfigureAwait(false);
                }
            }

            await hook.BeforeCommitAsync(action, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrentChangeException ex)
        {
            return Outcome<T>.Refused(RefusalKind.Conflict, ex.Message);
        }

        return Outcome<T>.Ok(result);
    }

    public static Outcome<(T, AuditRecord)> Staged<T>(T result, AuditRecord record) => Outcome<(T, AuditRecord)>.Ok((result, record));

    public static Refusal UnknownCase(string caseId) => new(RefusalKind.NotFound, $"There is no case '{caseId}'.");

    public static Refusal UnknownShare(string caseId, string shareId) => new(RefusalKind.NotFound, $"Case '{caseId}' has no share '{shareId}'.");

    public static AuditRecord Record(string action, Actor actor, string? caseId, string? subject, JsonObject payload) =>
        new(action, actor.Name, actor.Role.ToWire(), caseId, subject, payload);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
