using System.Text.Json.Nodes;

namespace Grondslag.Application.Auditing;

/// <summary>
/// One action to record in the tamper-evident audit log. <paramref name="Payload"/> holds what is needed to
/// replay the action (rule-set hash, dataset hash, verdict, …); it is stored as canonical JSON (RFC 8785).
/// Never put secrets in it.
/// </summary>
/// <param name="Action">Stable action name, e.g. <c>case.import</c>, <c>share.assess</c>, <c>share.decide</c>, <c>auth.sign-in-failed</c>.</param>
/// <param name="Actor">Who acted (user name, or <c>system</c>, or a recipient id for TAXII pulls).</param>
/// <param name="Role">The role the actor acted in.</param>
/// <param name="CaseId">The case, when the action belongs to one.</param>
/// <param name="Subject">What was acted on (share id, party id, rule-set id …).</param>
public sealed record AuditRecord(string Action, string Actor, string Role, string? CaseId, string? Subject, JsonObject Payload);

/// <summary>An entry as appended: its index in the log and its time.</summary>
public sealed record AuditReceipt(long Index, DateTimeOffset At, string LeafHash);

/// <summary>
/// The audit log as the use cases see it. Append inside the same database transaction as the action it
/// records, so that an action and its entry commit (or roll back) together; implementations serialise
/// appends so indexes have no gap and no duplicate, also with many writers.
/// </summary>
public interface IAuditTrail
{
    Task<AuditReceipt> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
