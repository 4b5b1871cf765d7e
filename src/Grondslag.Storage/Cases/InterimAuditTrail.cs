using System.Security.Cryptography;
using System.Text;
using Grondslag.Application.Auditing;

namespace Grondslag.Storage.Cases;

/// <summary>
/// A stand-in <see cref="IAuditTrail"/> for the cases branch: a plain table written through the same context, so its
/// records commit or roll back with the action. The lead replaces it with Grondslag.Storage.Audit.AuditLog at merge.
/// </summary>
public sealed class InterimAuditTrail(GrondslagDbContext context, TimeProvider clock) : IAuditTrail
{
    public async Task<AuditReceipt> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var payload = record.Payload.ToJsonString();
        var row = new InterimAuditRow
        {
            Action = record.Action,
            Actor = record.Actor,
            Role = record.Role,
            CaseId = record.CaseId,
            Subject = record.Subject,
            Payload = payload,
            At = clock.GetUtcNow(),
            LeafHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{record.Action}\n{record.Actor}\n{record.Role}\n{record.CaseId}\n{record.Subject}\n{payload}"))),
        };
        context.Set<InterimAuditRow>().Add(row);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new AuditReceipt(row.Index, row.At, row.LeafHash);
    }
}
