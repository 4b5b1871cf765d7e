using System.Security.Claims;
using Grondslag.Application.Cases;
using Grondslag.Application.Delivery;
using Grondslag.Domain.Cases;
using Grondslag.Server.Composition;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grondslag.Server.Delivery;

/// <summary>Withdraw a released share: why (the recipient reads it in the deletion request).</summary>
public sealed record WithdrawBody(string? Reason);

/// <summary>Delivery status per share (internal roles) and withdrawal.</summary>
internal static class DeliveryEndpoints
{
    private static readonly Role[] Readers = [Role.Analyst, Role.DutyOfficer, Role.LegalAdviser, Role.NctvAdviser, Role.DecisionMaker, Role.Auditor];

    public static void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("delivery");
        cases.MapGet("/{caseId}/shares/{shareId}/deliveries", DeliveriesAsync).Roles(Readers);
        cases.MapPost("/{caseId}/shares/{shareId}/withdraw", WithdrawAsync).Roles(Role.DutyOfficer, Role.DecisionMaker);
    }

    private static async Task<Results<Ok<ShareDeliveries>, ProblemHttpResult>> DeliveriesAsync(string caseId, string shareId, IDeliveryQueries queries, CancellationToken ct) =>
        await queries.OfShareAsync(caseId, shareId, ct).ConfigureAwait(false) is { } deliveries
            ? TypedResults.Ok(deliveries)
            : Problems.NotFound($"Case '{caseId}' has no share '{shareId}'.");

    private static async Task<Results<Ok<StoredWithdrawal>, ProblemHttpResult>> WithdrawAsync(
        string caseId, string shareId, WithdrawBody body, ClaimsPrincipal user, IWithdraw useCase, CancellationToken ct)
    {
        var outcome = await useCase.ExecuteAsync(caseId, shareId, body.Reason ?? "", Actors.Of(user, Role.DutyOfficer, Role.DecisionMaker), ct).ConfigureAwait(false);
        return outcome.Refusal is { } r ? Problems.Of(r) : TypedResults.Ok(outcome.Value);
    }
}
