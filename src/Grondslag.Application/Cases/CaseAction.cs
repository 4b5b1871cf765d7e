using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Cases;

/// <summary>
/// The one shape of every case action: open a transaction, decide in the domain, stage the changes, write them,
/// append the audit record, commit. A refusal or a lost race rolls everything back; the refusal itself is then
/// recorded (<see cref="RefusalAction"/>: action, actor, case, subject, kind and reason) in its own short transaction,
/// so every refused attempt is in the audit log.
/// </summary>
internal static class CaseAction
{
    /// <summary>The audit action of a refused attempt; its payload names the action that was refused.</summary>
    public const string RefusalAction = "action.refused";

    /// <summary>Longest reason or identifier kept in a refusal record (they may come from a request).</summary>
    private const int MaxRefusalText = 2000;

    private const int MaxRefusalId = 200;

    public static Task<Outcome<T>> RunAsync<T>(
        ICaseStore store,
        IAuditTrail audit,
        ICommitHook hook,
        string action,
        Actor actor,
        string? caseId,
        string? subject,
        Func<ICaseTransaction, Task<Outcome<(T Result, AuditRecord Record)>>> body,
        CancellationToken cancellationToken) =>
        RunCoreAsync(store, audit, hook, action, actor, caseId, subject, body, null, null, cancellationToken);

    /// <summary>
    /// As above, with further audit records (e.g. one per share of a re-assessment or a closure) appended right after
    /// the action's own record, in the same transaction.
    /// </summary>
    public static Task<Outcome<T>> RunAsync<T>(
        ICaseStore store,
        IAuditTrail audit,
        ICommitHook hook,
        string action,
        Actor actor,
        string? caseId,
        string? subject,
        Func<ICaseTransaction, Task<Outcome<(T Result, AuditRecord Record)>>> body,
        Func<CancellationToken, Task<IReadOnlyList<AuditRecord>>>? moreRecords,
        CancellationToken cancellationToken) =>
        RunCoreAsync(store, audit, hook, action, actor, caseId, subject, body, moreRecords, null, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}(ICaseStore, IAuditTrail, ICommitHook, string, Actor, string?, string?, Func{ICaseTransaction, Task{Outcome{ValueTuple{T, AuditRecord}}}}, CancellationToken)"/>,
    /// with work to run after the commit (the delivery of a released share from the outbox): it runs only when the
    /// action committed, outside its transaction and the audit lock, and never turns a committed action into a refusal
    /// (it records its own steps in transactions of its own). A separate name, so a list of audit records can never be
    /// passed here by mistake (a <c>Task</c> of records is also a <c>Task</c>).
    /// </summary>
    public static Task<Outcome<T>> RunThenAsync<T>(
        ICaseStore store,
        IAuditTrail audit,
        ICommitHook hook,
        string action,
        Actor actor,
        string? caseId,
        string? subject,
        Func<ICaseTransaction, Task<Outcome<(T Result, AuditRecord Record)>>> body,
        Func<CancellationToken, Task> afterCommit,
        CancellationToken cancellationToken) =>
        RunCoreAsync(store, audit, hook, action, actor, caseId, subject, body, null, afterCommit, cancellationToken);

    private static async Task<Outcome<T>> RunCoreAsync<T>(
        ICaseStore store,
        IAuditTrail audit,
        ICommitHook hook,
        string action,
        Actor actor,
        string? caseId,
        string? subject,
        Func<ICaseTransaction, Task<Outcome<(T Result, AuditRecord Record)>>> body,
        Func<CancellationToken, Task<IReadOnlyList<AuditRecord>>>? moreRecords,
        Func<CancellationToken, Task>? afterCommit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var guarded = caseId is null || OpenOnClosedCase(action) ? body : async tx =>
            await tx.FindCaseAsync(caseId, cancellationToken).ConfigureAwait(false) is { State: CaseState.Closed } closed
                ? (Outcome<(T Result, AuditRecord Record)>)Closed(closed, action)
                : await body(tx).ConfigureAwait(false);
        var outcome = await RunOnceAsync(store, audit, hook, action, guarded, moreRecords, cancellationToken).ConfigureAwait(false);
        if (outcome.Refusal is { } refusal)
        {
            await RecordRefusalAsync(store, audit, action, actor, caseId, subject, refusal, cancellationToken).ConfigureAwait(false);
        }
        else if (afterCommit is not null)
        {
            await afterCommit(cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>Records a refused attempt in its own transaction (the action's own one was rolled back).</summary>
    public static async Task RecordRefusalAsync(ICaseStore store, IAuditTrail audit, string action, Actor actor, string? caseId, string? subject, Refusal refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(refusal);
        var record = new AuditRecord(RefusalAction, Bounded(actor.Name, MaxRefusalId), actor.Role.ToWire(), BoundedOrNull(caseId, MaxRefusalId), BoundedOrNull(subject, MaxRefusalId), new JsonObject
        {
            ["action"] = Bounded(action, MaxRefusalId),
            ["kind"] = refusal.Kind switch
            {
                RefusalKind.Invalid => "invalid",
                RefusalKind.NotFound => "not-found",
                RefusalKind.NotAllowed => "not-allowed",
                RefusalKind.Conflict => "conflict",
                RefusalKind.Prohibited => "prohibited",
            },
            ["reason"] = Bounded(refusal.Reason, MaxRefusalText),
        });
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps at most <paramref name="max"/> characters, with control characters replaced, so a request cannot put
    /// unbounded or terminal-confusing text into the log (the canonical JSON encoding escapes the rest).
    /// </summary>
    private static string Bounded(string? text, int max)
    {
        var value = text ?? "";
        var result = new System.Text.StringBuilder(Math.Min(value.Length, max) + 1);
        for (var i = 0; i < value.Length && result.Length < max; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                result.Append(c).Append(value[++i]);
            }
            else
            {
                result.Append(char.IsControl(c) || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return result.Length < value.Length ? result.Append('…').ToString() : result.ToString();
    }

    private static string? BoundedOrNull(string? text, int max) => text is null ? null : Bounded(text, max);

    private static async Task<Outcome<T>> RunOnceAsync<T>(
        ICaseStore store,
        IAuditTrail audit,
        ICommitHook hook,
        string action,
        Func<ICaseTransaction, Task<Outcome<(T Result, AuditRecord Record)>>> body,
        Func<CancellationToken, Task<IReadOnlyList<AuditRecord>>>? moreRecords,
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
            // The audit append comes last, so the audit log's lock — which every audited write on the server waits
            // for — is held only for the append and the commit.
            var more = moreRecords is null ? [] : await moreRecords(cancellationToken).ConfigureAwait(false);
            await audit.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            foreach (var step in more)
            {
                await audit.AppendAsync(step, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Actions a closed case still allows: withdrawing a released share (and closing, which refuses itself).</summary>
    public static bool OpenOnClosedCase(string action) => action is "share.withdraw" or CloseCase.Action;

    /// <summary>The refusal of work on a closed case, naming the reason it was closed for.</summary>
    public static Refusal Closed(CaseFile file, string action)
    {
        ArgumentNullException.ThrowIfNull(file);
        var why = file.Closure is { } c ? string.Create(CultureInfo.InvariantCulture, $" on {c.ClosedAt:yyyy-MM-dd} by {c.ClosedBy} (\"{c.Reason}\")") : "";
        var waarom = file.Closure is { } d ? string.Create(CultureInfo.InvariantCulture, $" op {d.ClosedAt:yyyy-MM-dd} door {d.ClosedBy} (\"{d.Reason}\")") : "";
        return new Refusal(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText(
            $"Case {file.Id} is closed{why}: {action} is no longer possible. A closed case stays readable and its released shares can still be withdrawn; new work needs a new case.",
            $"Zaak {file.Id} is gesloten{waarom}: deze stap ({action}) is niet meer mogelijk. Een gesloten zaak blijft leesbaar en haar verstrekte delingen kunnen nog worden ingetrokken; nieuw werk vraagt een nieuwe zaak."));
    }

    public static Outcome<(T, AuditRecord)> Staged<T>(T result, AuditRecord record) => Outcome<(T, AuditRecord)>.Ok((result, record));

    public static Refusal UnknownCase(string caseId) => new(RefusalKind.NotFound, $"There is no case '{caseId}'.");

    public static Refusal UnknownShare(string caseId, string shareId) => new(RefusalKind.NotFound, $"Case '{caseId}' has no share '{shareId}'.");

    public static AuditRecord Record(string action, Actor actor, string? caseId, string? subject, JsonObject payload) =>
        new(action, actor.Name, actor.Role.ToWire(), caseId, subject, payload);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
