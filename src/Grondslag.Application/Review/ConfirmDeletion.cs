using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>Records a recipient's confirmation that it deleted what it received (a new breach version, audited).</summary>
public interface IConfirmDeletion
{
    Task<Outcome<BreachVersion>> ExecuteAsync(string breachId, string partyId, string reference, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IConfirmDeletion"/>
public sealed class ConfirmDeletion(ICaseStore store, IBreachRegister register, IAuditTrail audit, TimeProvider clock) : IConfirmDeletion
{
    public Task<Outcome<BreachVersion>> ExecuteAsync(string breachId, string partyId, string reference, Actor actor, CancellationToken cancellationToken = default) =>
        BreachChange.RunAsync(store, register, audit, clock, breachId, actor, "breach.deletion-confirmed", $"deletion confirmed by {partyId}", b =>
        {
            var request = b.DeletionRequests.FirstOrDefault(d => d.PartyId == partyId);
            if (request is null)
            {
                return new Refusal(RefusalKind.NotFound, new Grondslag.Domain.Text.LocalText($"Breach {breachId} sent no deletion request to '{partyId}'.", $"Bij inbreuk {breachId} is geen verwijderverzoek aan '{partyId}' gestuurd."));
            }

            if (string.IsNullOrWhiteSpace(reference))
            {
                return new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("reference: say how the deletion was confirmed (e.g. the recipient's message id).", "reference: zeg hoe de verwijdering is bevestigd (bijv. het berichtnummer van de ontvanger)."));
            }

            return Outcome<BreachRecord>.Ok(b with { DeletionRequests = b.DeletionRequests.Replace(request, request with { ConfirmedAt = clock.GetUtcNow(), ConfirmationReference = reference.Trim() }) });
        }, new JsonObject { ["party"] = partyId, ["reference"] = reference }, cancellationToken);
}
