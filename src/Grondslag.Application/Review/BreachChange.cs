using System.Globalization;
using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>
/// The one way a breach record changes after it was opened: read the latest version, apply the change (or refuse),
/// stage the next version, save, audit and commit in one transaction. Shared by the follow-up use cases.
/// </summary>
internal static class BreachChange
{
    public static async Task<Outcome<BreachVersion>> RunAsync(
        ICaseStore store, IBreachRegister register, IAuditTrail audit, TimeProvider clock,
        string breachId, Actor actor, string action, string change, Func<BreachRecord, Outcome<BreachRecord>> apply, JsonObject payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var tx = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await register.FindAsync(breachId, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return Outcome<BreachVersion>.Refused(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"There is no breach '{breachId}'.", $"Er is geen inbreuk '{breachId}'."));
        }

        var changed = apply(current.Record);
        if (changed.Refusal is { } refusal)
        {
            return Outcome<BreachVersion>.Refused(refusal);
        }

        var record = changed.Value!;
        var version = new BreachVersion(record, current.Version + 1, actor.Name, clock.GetUtcNow(), change);
        register.Add(version);
        try
        {
            await tx.SaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrentChangeException ex)
        {
            return Outcome<BreachVersion>.Refused(RefusalKind.Conflict, new Grondslag.Domain.Text.LocalText($"Breach {breachId} changed meanwhile; read it again. ({ex.Message})", $"Inbreuk {breachId} is intussen gewijzigd; lees haar opnieuw. ({ex.Message})"));
        }

        await audit.AppendAsync(Record(action, actor, record, payload), cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Outcome<BreachVersion>.Ok(version);
    }

    public static AuditRecord Record(string action, Actor actor, BreachRecord breach, JsonObject payload) =>
        new(action, actor.Name, actor.Role.ToWire(), null, breach.Id, payload);

    public static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
