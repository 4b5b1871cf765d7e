using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>Records a submission to the Autoriteit Persoonsgegevens (one phase; later phases supplement it), audited.</summary>
public interface IRecordNotification
{
    Task<Outcome<BreachVersion>> ExecuteAsync(string breachId, string reference, string summary, string? delayReasons, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IRecordNotification"/>
public sealed class RecordNotification(ICaseStore store, IBreachRegister register, IAuditTrail audit, TimeProvider clock) : IRecordNotification
{
    public Task<Outcome<BreachVersion>> ExecuteAsync(string breachId, string reference, string summary, string? delayReasons, Actor actor, CancellationToken cancellationToken = default) =>
        BreachChange.RunAsync(store, register, audit, clock, breachId, actor, "breach.notified", "notification submitted", b =>
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("reference: give the AP's reference of the submission.", "reference: geef het kenmerk van de AP voor de melding."));
            }

            var now = clock.GetUtcNow();
            if (now > b.Deadline && string.IsNullOrWhiteSpace(delayReasons ?? b.DelayReasons))
            {
                return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText($"The 72-hour deadline ({BreachChange.Iso(b.Deadline)}) has passed: art. 33(1) requires the reasons for the delay (delayReasons).",
                    $"De termijn van 72 uur ({BreachChange.Iso(b.Deadline)}) is verstreken: art. 33 lid 1 vereist de redenen voor de vertraging (delayReasons)."));
            }

            return Outcome<BreachRecord>.Ok(b with
            {
                Notifications = b.Notifications.Add(new NotificationPhase(b.Notifications.Length + 1, now, reference.Trim(), summary?.Trim() ?? "")),
                DelayReasons = delayReasons ?? b.DelayReasons,
            });
        }, new JsonObject { ["reference"] = reference, ["summary"] = summary, ["delayReasons"] = delayReasons }, cancellationToken);
}
