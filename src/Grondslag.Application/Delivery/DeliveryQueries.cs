namespace Grondslag.Application.Delivery;

/// <summary>One recorded delivery step of a share: which channel, release or withdrawal, how it went, and when.</summary>
public sealed record DeliveryStep(
    string Id, string CaseId, string ShareId, string PartyId, string Channel, string Kind, string Status, string Detail, string Reference, int Objects,
    string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Read-only questions about what was delivered; the pages and the API read delivery state through these.</summary>
public interface IDeliveryQueries
{
    /// <summary>Every delivery step of the case's shares, oldest first.</summary>
    Task<IReadOnlyList<DeliveryStep>> ForCaseAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>Every delivery step of one share, oldest first.</summary>
    Task<IReadOnlyList<DeliveryStep>> ForShareAsync(string shareId, CancellationToken cancellationToken = default);
}
