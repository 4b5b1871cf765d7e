using System.Text.Json.Nodes;
using Grondslag.Application.Auditing;
using Grondslag.Application.Cases;
using Grondslag.Domain.Cases;
using Grondslag.Domain.Review;

namespace Grondslag.Application.Review;

/// <summary>Records the decision not to notify, with its reasons (art. 33(1): unlikely to result in a risk), audited.</summary>
public interface IDecideNotToNotify
{
    Task<Outcome<BreachVersion>> ExecuteAsync(string breachId, string reasons, Actor actor, CancellationToken cancellationToken = default);
}

/// <inheritdoc cref="IDecideNotToNotify"/>
public sealed class DecideNotToNotify(ICaseStore store, IBreachRegister register, IAuditTrail audit, TimeProvider clock) : IDecideNotToNotify
{
    public Task<Outcome<BreachVersion>> ExecuteAsync(string breachId, string reasons, Actor actor, CancellationToken cancellationToken = default) =>
        BreachChange.RunAsync(store, register, audit, clock, breachId, actor, "breach.not-notified", "decided not to notify", b =>
            string.IsNullOrWhiteSpace(reasons)
                ? new Refusal(RefusalKind.Invalid, new Grondslag.Domain.Text.LocalText("reasons: record why notification is not required.", "reasons: leg vast waarom melden niet nodig is."))
                : Outcome<BreachRecord>.Ok(b with { NotNotifiedBecause = reasons.Trim() }),
            new JsonObject { ["reasons"] = reasons }, cancellationToken);
}
