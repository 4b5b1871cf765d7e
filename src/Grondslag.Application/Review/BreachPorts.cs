namespace Grondslag.Application.Review;

/// <summary>One version of a breach record: records are never changed, each change adds a version.</summary>
public sealed record BreachVersion(Domain.Review.BreachRecord Record, int Version, string ChangedBy, DateTimeOffset ChangedAt, string Change);

/// <summary>The breach register (GDPR art. 33(5)) as the use cases see it; writes join the current case transaction.</summary>
public interface IBreachRegister
{
    Task<IReadOnlyList<BreachVersion>> LatestAsync(CancellationToken cancellationToken);

    Task<BreachVersion?> FindAsync(string breachId, CancellationToken cancellationToken);

    /// <summary>Stages a new version (1 for a new breach); saved by the transaction's SaveAsync.</summary>
    void Add(BreachVersion version);
}
