using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Domain.Cases;

namespace Grondslag.Application.Cases;

/// <summary>Audits an account event that has no case: a failed sign-in, a new account, the first administrator.</summary>
public interface IRecordAccountEvent
{
    Task<Outcome<AuditRecord>> ExecuteAsync(string action, Actor actor, string subject, JsonObject payload, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IRecordAccountEvent"/>
public sealed class RecordAccountEvent(ICaseStore store, IAuditTrail audit, ICommitHook hook) : IRecordAccountEvent
{
    public Task<Outcome<AuditRecord>> ExecuteAsync(string action, Actor actor, string subject, JsonObject payload, CancellationToken cancellationToken = default)
    {
        var record = CaseAction.Record(action, actor, null, subject, payload);
        return CaseAction.RunAsync<AuditRecord>(store, audit, hook, action, actor, null, subject, _ => Task.FromResult(CaseAction.Staged(record, record)), cancellationToken);
    }
}
